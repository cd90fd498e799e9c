/*
 * classifier_termdf.h
 *	  The per-term statistics of train_classifier while they are counted:
 *	  a hash table from feature key to the number of documents that have
 *	  it, and the sort of the keys.  Shared by the partial states
 *	  (classifier_pack.c) and the final function (classifier_train.c),
 *	  which count the same statistics from different forms of the state.
 */
#ifndef SCENARIO_CLASSIFIER_TERMDF_H
#define SCENARIO_CLASSIFIER_TERMDF_H

#include "postgres.h"

#include "common/hashfn.h"

typedef struct TermDf
{
	uint32		key;
	uint32		df;
	char		status;
} TermDf;

#define SH_PREFIX		termdf
#define SH_ELEMENT_TYPE	TermDf
#define SH_KEY_TYPE		uint32
#define SH_KEY			key
#define SH_HASH_KEY(tb, k)	murmurhash32(k)
#define SH_EQUAL(tb, a, b)	((a) == (b))
#define SH_SCOPE		static inline
#define SH_DECLARE
#define SH_DEFINE
#include "lib/simplehash.h"

#define ST_SORT sort_term_keys
#define ST_ELEMENT_TYPE uint32
#define ST_COMPARE(a, b) ((*(a) > *(b)) - (*(a) < *(b)))
#define ST_SCOPE static inline
#define ST_DEFINE
#include "lib/sort_template.h"

#endif							/* SCENARIO_CLASSIFIER_TERMDF_H */
