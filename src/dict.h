/*
 * dict.h
 *	  The dictionary classifier: a multi-pattern automaton over normalised
 *	  UTF-8 (src/dict_automaton.c) and the per-backend cache of automata
 *	  built from scenario.sector_keyword (src/dict_classify.c).
 */
#ifndef SCENARIO_DICT_H
#define SCENARIO_DICT_H

#include "postgres.h"
#include "lib/stringinfo.h"

#include "sector.h"

/* longest keyword, in bytes of its normalised UTF-8 */
#define DICT_MAX_KEYWORD_BYTES	255
/* most states of one automaton */
#define DICT_MAX_STATES			((1 << 28) - 1)

/* One keyword row as the builder takes it. */
typedef struct DictEntry
{
	char	   *norm;			/* normalised bytes (dict_normalize) */
	int			normlen;
	int			nchars;
	char	   *keyword;		/* the text as stored, for the evidence */
	Sector		source;			/* the row's own sector */
	Sector		target;			/* the sector it counts for in this taxonomy */
	double		weight;
	bool		builtin;
	bool		direct;			/* source is in the taxonomy (no crosswalk) */
} DictEntry;

typedef struct DictTarget
{
	int32		sector;			/* index into DictAutomaton.sectors */
	double		contrib;		/* weight * (1 + ln(characters)) */
} DictTarget;

typedef struct DictPattern
{
	int32		len;			/* characters */
	bool		lead;			/* starts with a word character: needs a boundary before */
	bool		trail;			/* ends with one: needs a boundary after */
	int32		first_target;
	int32		ntargets;
	const char *keyword;		/* evidence text */
} DictPattern;

/* A trie edge while the automaton is built (the scan uses DictState). */
typedef struct DictEdge
{
	uint32		state;
	uint32		cp;				/* folded code point */
	int32		next;			/* 0 = empty slot */
} DictEdge;

/*
 * A state as the scan sees it.  States are numbered breadth first, the
 * children of a state consecutively in order of their folded code point,
 * so its transitions are label[first .. first + nchild): one short run of
 * a compact array, searched in place, instead of a probe into a hash that
 * no longer fits in cache.
 */
typedef struct DictState
{
	int32		first;			/* first child */
	int32		nchild;
	int32		fail;
	int32		hit;			/* a pattern ends here or at a suffix (out >= 0 || dict != 0) */
	uint64		mask;			/* bit (label & 63) of each child: most misses stop here */
	uint64		chain;			/* the masks of the state and its failure chain, root excluded */
} DictState;

typedef struct DictAutomaton
{
	MemoryContext cxt;			/* everything below lives here */
	char		taxonomy[16];
	int			max_level;		/* depth of the taxonomy in sector_catalog */
	int			nkeywords;		/* (keyword, sector) pairs that made it in */
	/* trie over folded code points, with failure links */
	int32		nstates;
	int32	   *root;			/* goto of the root for the BMP (65536); 0 = stay */
	DictState  *states;			/* [nstates], breadth-first numbering */
	uint32	   *label;			/* [nstates] the code point that enters each state */
	DictEdge   *edges;			/* while building only: open addressing */
	uint32		emask;
	int32	   *fail;			/* while building only (then states[].fail) */
	int32	   *out;			/* pattern ending here, or -1 */
	int32	   *dict;			/* nearest proper suffix state with a pattern, 0 = none */
	int32	   *depth;			/* characters from the root to the state */
	int32		maxlen;			/* characters */
	/* payload */
	int32		npatterns;
	DictPattern *patterns;
	DictTarget *targets;
	int32		nsectors;
	Sector	   *sectors;
	/* per-call scratch, reused: counts per pattern and the patterns touched */
	int32	   *counts;
	int32	   *touched;
	int32		ntouched;
} DictAutomaton;

/* Fold, collapse white space, trim: the form keywords and text are matched in. */
extern void dict_normalize(const char *s, int len, StringInfo out, int *nchars);

/* Order of entries by their normalised keyword (memcmp, shorter first). */
extern int	dict_norm_cmp(const DictEntry *a, const DictEntry *b);

/* Build from entries (order irrelevant; the array is sorted in place). */
extern DictAutomaton *dict_build(DictEntry *entries, int n, MemoryContext cxt);

/*
 * Scan a document (any length; checked and converted to UTF-8 first).
 * Afterwards a->touched[0..ntouched) lists the patterns found and
 * a->counts[] their occurrences; dict_reset() clears them.
 */
extern void dict_scan(DictAutomaton *a, const char *s, int len);
extern void dict_reset(DictAutomaton *a);

#endif							/* SCENARIO_DICT_H */
