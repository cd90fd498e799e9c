/*
 * match.h
 *	  Matching profiles (scenario.demand, scenario.supply), their scores and
 *	  the GiST support for top-k.
 *
 * Both sides share one varlena layout; a kind byte says which side a value
 * is, so the scorer and the index read one struct.  Everything scoring
 * needs is precomputed at construction: sectors as 8-byte sector values,
 * regions as a bitmap over the compiled-in Guangdong regions, and the text
 * as a sorted array of (feature hash, weight) with unit L2 norm.  The
 * original text is kept (after the features) for explanations and output.
 */
#ifndef SCENARIO_MATCH_H
#define SCENARIO_MATCH_H

#include "postgres.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/jsonb.h"

#define PROFILE_VERSION		1
#define PROFILE_DEMAND		'D'
#define PROFILE_SUPPLY		'S'

/* flags: which optional scalar fields are present */
#define PF_MONEY			0x01
#define PF_TRL				0x02
#define PF_DATE				0x04
#define PF_TEXT				0x08
#define PF_LEAF_XDROPPED	0x10	/* GiST leaf key: crosswalk targets left out */

#define PROFILE_MAX_SECTORS	64
#define PROFILE_MAX_XSECTORS	1024	/* crosswalk targets */
#define PROFILE_MAX_TEXT	(1024 * 1024)
#define PROFILE_MAX_FEN		INT64CONST(100000000000000000)	/* 10^15 RMB */

typedef struct ProfileFeature
{
	uint32		hash;
	float4		weight;
} ProfileFeature;

typedef struct Profile
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;			/* PROFILE_DEMAND or PROFILE_SUPPLY */
	uint8		flags;
	uint8		trl;			/* 1..9 when PF_TRL */
	uint32		regions;		/* bitmap over region_table; 0 = none */
	int32		date;			/* DateADT: deadline (D) or available (S) */
	uint16		nsectors;
	uint16		nfeatures;
	uint16		nxsectors;		/* crosswalk targets of the sectors, after them */
	int64		money;			/* budget (D) or price (S), in fen (0.01 RMB) */
	uint32		textlen;		/* bytes of text, no terminator */
	float4		residual;		/* GiST leaf keys only: norm of dropped features */
	/*
	 * uint64 sectors[nsectors + nxsectors]; ProfileFeature features[nfeatures];
	 * char text[textlen]
	 */
} Profile;

#define PROFILE_SECTORS(p)	((uint64 *) ((char *) (p) + sizeof(Profile)))
#define PROFILE_NALLSECTORS(p)	((p)->nsectors + (p)->nxsectors)
#define PROFILE_FEATURES(p)	((ProfileFeature *) (PROFILE_SECTORS(p) + PROFILE_NALLSECTORS(p)))
#define PROFILE_TEXT(p)		((char *) (PROFILE_FEATURES(p) + (p)->nfeatures))
#define PROFILE_SIZE(ns, nf, tl) \
	(sizeof(Profile) + (ns) * sizeof(uint64) + (nf) * sizeof(ProfileFeature) + (tl))

#define DatumGetProfileP(X)		((Profile *) PG_DETOAST_DATUM(X))
#define PG_GETARG_PROFILE_P(n)	DatumGetProfileP(PG_GETARG_DATUM(n))
#define PG_RETURN_PROFILE_P(x)	PG_RETURN_POINTER(x)

/* The logical content of a profile, before it is laid out. */
typedef struct ProfileFields
{
	char		kind;
	int			nsectors;
	uint64		sectors[PROFILE_MAX_SECTORS];
	bool		has_money;
	int64		money;			/* fen */
	uint32		regions;
	bool		has_trl;
	int			trl;
	bool		has_date;
	int32		date;
	const char *text;			/* NULL when absent */
	int			textlen;
} ProfileFields;

/* match_profile.c */
extern Profile *profile_build(ProfileFields *f);
extern void profile_fields(const Profile *p, ProfileFields *f);
extern int64 profile_money_from_float(float8 v, const char *what);
extern char *profile_money_out(int64 fen);
extern Profile *profile_parse(const char *str, char kind);
extern char *profile_out(const Profile *p);
extern char *profile_to_json(const Profile *p);
extern char *date_iso(int32 d);
extern void profile_check_trl(int v);
extern void profile_check_date(int32 d, const char *what);
extern void profile_validate(const Profile *p);

/* match_region.c */
#define REGION_COUNT		22
#define REGION_PROVINCE		0	/* index of 440000 */
/* a district, county or county-level city: src/match_region_data.c, by code */
typedef struct RegionCounty
{
	int			code;
	int			city;			/* the prefecture-level city it rolls up to */
	const char *name;			/* NULL when the name is not accepted */
} RegionCounty;
extern const RegionCounty region_counties[];
extern const int region_ncounties;
extern int	region_lookup(const char *s, int len);	/* -1 when unknown */
extern int	region_parse(const char *s, int len);	/* errors when unknown */
extern int	region_code(int idx);
extern const char *region_name(int idx);
extern double region_score(uint32 demand, uint32 supply, const char **relation,
						   int *best_supply);

/* match_sector.c: the seam to the sector type */
extern uint64 msector_parse(const char *s, int len);
extern char *msector_out(uint64 v);
extern double msector_specificity(uint64 v);
extern double msector_similarity(uint64 a, uint64 b);
extern bool msector_same_taxonomy(uint64 a, uint64 b);
extern int	msector_taxonomy_slot(uint64 v);
extern bool msector_within(uint64 a, uint64 ancestor);
extern bool msector_parent(uint64 v, uint64 *parent);
extern bool msector_lca(uint64 a, uint64 b, uint64 *lca);
extern int	msector_crosswalk(uint64 v, uint64 *out, int max);

/* match_text.c */
typedef struct TextTerm
{
	uint32		hash;
	float4		weight;
	const char *str;
	int			len;
} TextTerm;
extern int	text_features(const char *s, int len, ProfileFeature **out);
extern int	text_terms(const char *s, int len, TextTerm **out);
extern double text_cosine(const ProfileFeature *a, int na,
						  const ProfileFeature *b, int nb);
extern float4 text_idf(uint32 hash);

/* match_score.c */
#define CRIT_SECTOR		0
#define CRIT_TEXT		1
#define CRIT_MONEY		2
#define CRIT_REGION		3
#define CRIT_TRL		4
#define CRIT_TIME		5
#define NCRITERIA		6
extern const char *const criterion_names[NCRITERIA];
extern const double default_weights[NCRITERIA];
extern void weights_from_jsonb(Jsonb *jb, double *w);
extern double money_score(int64 budget, int64 price);
extern double trl_score(int required, int offered);
extern double time_score(int32 deadline, int32 available);
#define MATCH_GATE		0.5		/* relevance at which logistics count in full */
extern double relevance_gate(const Profile *d, const double *w, const double *s);
extern double applied_weights(const Profile *d, const double *w, const double *s,
							  const bool *present, double *applied);
extern double combine_scores(const Profile *d, const double *w, const double *s,
							 const bool *present);
extern double coverage(const double *w, const bool *present);
extern double target_cap(const Profile *p, uint64 target);
extern double profile_score(const Profile *d, const Profile *s, const double *w,
							double *crit, bool *present);

#endif							/* SCENARIO_MATCH_H */
