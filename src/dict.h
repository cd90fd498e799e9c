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
	int8		role;			/* DICT_ROLE_*: a cue about the words after it */
	int8		activity;		/* DICT_ACTIVITY_*: an activity cue */
	bool		head;			/* activity-product: a head noun (平台, software) */
	bool		suffix;			/* role-org: an organisation suffix, not matched */
	bool		org;			/* ends with an organisation suffix (供电局) */
} DictEntry;

/*
 * Role cues (rows of source role-customer and role-demand, weight 0): the
 * words of a clause after "for", "面向", "用于" ... name a customer or a use,
 * not the activity, and count DICT_CUSTOMER_FACTOR; in a demand text ("seeks",
 * "采购", "招标" ...) the words of the clause before the cue name the buyer
 * (DICT_CUSTOMER_FACTOR) and those after it the thing bought
 * (DICT_BOUGHT_FACTOR); a customer cue inside the thing bought leaves it
 * as it is.  A purchase cue (role-purchase: 采购, 招标, where Chinese puts
 * the thing bought before as often as after) only marks what follows.
 */
#define DICT_ROLE_NONE		0
#define DICT_ROLE_CUSTOMER	1
#define DICT_ROLE_DEMAND	2
#define DICT_ROLE_PURCHASE	3		/* 采购, 招标: the thing bought may come first;
										 * with one after it, what precedes is the buyer */
#define DICT_ROLE_EXTRA		4		/* 含, including: the activity cues after it in
										 * its clause (安装, 培训) are extras bought with
										 * the thing and count DICT_CUSTOMER_FACTOR */
#define DICT_CUSTOMER_FACTOR	0.3
/*
 * The lead: when a text's evidence spans several clauses, the first clause
 * with evidence counts DICT_LEAD_FACTOR.  Programme texts put the main
 * business first: a business scope (经营范围) lists the principal activity
 * first, a profile opens with what the firm is, a notice with what it buys.
 */
#define DICT_LEAD_FACTOR		1.5
#define DICT_BOUGHT_FACTOR		2.0
/*
 * A word right before a product of the making section, or before a head
 * noun of the activity-product cues (平台, 管理系统, software, platform): its
 * use, kind or domain, not what the text is about.
 */
#define DICT_MODIFIER_FACTOR	0.3
/*
 * Activity cues (sources activity-make and activity-cue): when the cues of
 * other activities (selling, renting, repairing, operating, software,
 * testing, building ...) outweigh those of making, the evidence for the
 * making section's classes counts DICT_NOT_MADE_FACTOR (when those other
 * cues reach DICT_MIN_ACTIVITY), except in the
 * divisions the cues themselves name (repair of machinery is in C): the
 * product then says what is sold or operated, and the counterpart wins.
 */
#define DICT_ACTIVITY_NONE	0
#define DICT_ACTIVITY_MAKE	1
#define DICT_ACTIVITY_OTHER	2
#define DICT_ACTIVITY_BUYER	3		/* role-buyer rows: their sector is the buyers' */
#define DICT_NOT_MADE_FACTOR	0.35
/* a cue at most this many characters from a making cue is the maker's own */
#define DICT_OWN_GAP			5
#define DICT_MIN_ACTIVITY		1.5		/* cue evidence of one cue of weight 1 */

/*
 * Buyers (rows of source role-buyer, weight 0: 采购人, contracting authority
 * ...): their sector is where the organisations that issue demand texts
 * sit (government bodies).  In a text with a demand or purchase cue, the
 * evidence for that sector names who buys, not what is bought, and counts
 * DICT_CUSTOMER_FACTOR wherever it stands (区教育局教职工体检服务采购).
 */

/*
 * Organisations (rows of source role-org, weight 0, never matched: 局, 集团,
 * 医院, bureau, hospital ...): a keyword that ends with one of these
 * suffixes names an organisation (供电局, 公交集团, "county hospital").  In a
 * text with a demand or purchase cue such a keyword, outside the thing
 * bought, names the buyer wherever it stands and counts
 * DICT_CUSTOMER_FACTOR (广东电网某供电局…巡检服务采购: the purchase cue comes
 * last, so the clause rule cannot tell the buyer from the thing bought).
 */
#define DICT_MAX_ORG_SUFFIXES	256

/* matches whose place is recorded for the role cues (longer texts: none) */
#define DICT_MAX_PLACED		256

typedef struct DictPlace
{
	int32		pattern;
	int32		start;			/* character offset */
	int32		clause;			/* clauses end at , ; : . and their CJK forms */
} DictPlace;

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
	int8		role;			/* DICT_ROLE_* */
	int8		activity;		/* DICT_ACTIVITY_* */
	bool		head;			/* names a product: the word before it is its domain */
	bool		plain;			/* a word that counts and is no cue (nor role) */
	bool		org;			/* names an organisation (DICT_ORG_SUFFIX_MAX) */
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

/* Levels the model of sector_model weighs (deeper nodes are left alone). */
#define DICT_MODEL_MAX_LEVEL 8

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
	/* the matches in text order while there are at most DICT_MAX_PLACED */
	DictPlace  *placed;
	int32		nplaced;		/* > DICT_MAX_PLACED: too many, none kept */
	bool		has_roles;		/* some pattern is a role cue */
	double	   *factor;			/* [npatterns] per-call role factors */
	Sector		making;			/* the section the activity-make cues name, or 0 */
	Sector		buyer;			/* the sector the role-buyer rows name, or 0 */
	bool		demand;			/* per call: the text has a demand or purchase cue */
	int32		lead;			/* per call: the lead clause when later ones have evidence, or -1 */
	/* the model of sector_model that weighs the evidence, or NULL */
	const struct ClassifierModel *model;
	struct ClassifierWork *model_work;	/* its workspace, bounded by DICT_MODEL_MAX_BYTES */
	double		model_weight;
	int		   *model_levels;	/* per label: its sector's level */
	Sector	   *model_anc;		/* [label * (DICT_MODEL_MAX_LEVEL + 1) + l]: its sector's
								 * ancestor at level l, itself at its own level */
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
