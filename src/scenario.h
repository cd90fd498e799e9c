/*
 * scenario.h
 *	  Declarations shared by every module of the scenario extension.
 */
#ifndef SCENARIO_H
#define SCENARIO_H

#include "postgres.h"
#include "fmgr.h"

#ifndef SCENARIO_VERSION
#error "SCENARIO_VERSION must be defined by the build (see Makefile)"
#endif

/* "X.Y.Z" to a comparable integer (version.c); false when malformed. */
extern bool scenario_parse_version(const char *str, int len, int64 *result);

/* module initialisers called from _PG_init (scenario.c) */
extern void assign_init(void);
extern void classifier_cache_init(void);
extern void classifier_init(void);

#endif							/* SCENARIO_H */
