/*
 * match_gist.c
 *	  GiST opclass on scenario.supply for exact top-k by match score:
 *	  ORDER BY offer.profile <-> opportunity.profile LIMIT k.
 *
 * Leaf keys are the supply profile without its text and with at most
 * LEAF_FEATURES features (the largest; the norm of the rest is kept as a
 * residual).  Internal keys summarise a subtree: which criteria some / all of
 * its offers have data for, the lowest price, the highest TRL, the earliest
 * availability, the union of served regions, Bloom-style bitmaps of its
 * sectors with all their ancestors, of their crosswalk targets with all
 * their ancestors and of the targets alone, per taxonomy the largest cap
 * of the targets (match_score.c), and a text signature holding,
 * per hash bucket, a 4-bit level of the largest feature weight below.
 *
 * The distance of a key is 1 minus an upper bound of the score of any offer
 * below it, with the default weights, so the ordered scan is exact: each
 * criterion gets an upper bound (text: the sum over the demand's features
 * of its weight times its bucket's level value, plus the residual), and
 * the score's own combination of them is the bound (it is non-decreasing in
 * every criterion, and a criterion no offer below has scores 0).
 * Leaf distances are exact unless features were dropped; then they are
 * bounds and the executor rechecks with the operator.
 *
 * Picksplit clusters by sector first and text second: seeds are the two
 * entries furthest apart in sector bits and signature buckets, the rest go
 * where they loosen the union's bounds least (new sector bits cost most).
 */
#include "match.h"

#include <math.h>

#include "access/gist.h"
#include "access/stratnum.h"
#include "port/pg_bitutils.h"

#define SUMMARY_KIND	'U'
#define SIG_BUCKETS		2048
#define SECTOR_BITS		1024
#define XSECTOR_BITS	512
#define LEAF_FEATURES	128
#define LEAF_MAX_BYTES	2048

typedef struct Summary
{
	int32		vl_len_;
	uint8		version;
	uint8		kind;			/* SUMMARY_KIND */
	uint8		any;			/* bit c: some offer has data for criterion c */
	uint8		all;			/* bit c: every offer has it */
	uint8		trl_max;
	uint8		sector_unbounded;	/* an offer below left its targets out */
	uint8		xcap_lo[2];		/* per taxonomy slot 0-1: see xcap_get */
	uint32		regions;
	int32		date_min;
	int64		money_min;
	float4		residual_max;
	uint8		xcap_hi[4];		/* per taxonomy slot 2-5 */
	uint8		secbits[SECTOR_BITS / 8];	/* own sectors below, with ancestors */
	uint8		xancbits[SECTOR_BITS / 8];	/* crosswalk targets, with ancestors */
	uint8		xsecbits[XSECTOR_BITS / 8]; /* crosswalk targets alone (no longer read; kept so keys keep their layout) */
	uint8		sig[SIG_BUCKETS / 2];	/* per bucket a 4-bit level of the largest weight */
} Summary;

#define IS_SUMMARY(p)	(((Profile *) (p))->kind == SUMMARY_KIND)
#define BUCKET(h)		(((h) ^ ((h) >> 16)) & (SIG_BUCKETS - 1))
#define SIG_GET(sig, b)	(((sig)[(b) >> 1] >> (((b) & 1) * 4)) & 0xf)

/*
 * Levels of the text signature: level l stands for weights up to
 * (l / 15)^2, finer for the small weights most terms have.
 */
#define SQ(l) ((l) * (l) / 225.0)
static const double sig_value[16] = {
	SQ(0), SQ(1), SQ(2), SQ(3), SQ(4), SQ(5), SQ(6), SQ(7),
	SQ(8), SQ(9), SQ(10), SQ(11), SQ(12), SQ(13), SQ(14), SQ(15)
};

/* The smallest level whose value is at least w. */
static int
sig_level(float4 w)
{
	int			l = (int) ceil(sqrt((double) w) * 15.0);

	if (l < 0)
		l = 0;
	while (l < 15 && sig_value[l] < w)
		l++;
	return Min(l, 15);
}

static inline void
sig_raise(uint8 *sig, int b, int level)
{
	int			shift = (b & 1) * 4;

	if (((sig[b >> 1] >> shift) & 0xf) < level)
		sig[b >> 1] = (sig[b >> 1] & ~(0xf << shift)) | (level << shift);
}
#define SECTOR_BIT(v)	((uint32) (((v) * UINT64CONST(0x9E3779B97F4A7C15)) >> 54))
#define XSECTOR_BIT(v)	((uint32) (((v) * UINT64CONST(0xC2B2AE3D27D4EB4F)) >> 55))

/*
 * The most a crosswalk target of an offer below can be worth (its source's
 * specificity, match_score.c), per taxonomy of the target, stored as
 * z = 254 - ceil(cap * 254), so the union is the minimum: 255 is no target
 * in that taxonomy, and 0, what keys built before this existed hold (in
 * what were padding bytes), reads as 1, the old rule.
 */
#define XCAP_SLOTS 6
#define XCAP_NONE 255

static inline uint8 *
xcap_slot(Summary *s, int slot)
{
	return slot < 2 ? &s->xcap_lo[slot] : &s->xcap_hi[slot - 2];
}

static double
xcap_get(const Summary *s, uint64 v)
{
	uint8		z = *xcap_slot((Summary *) s, msector_taxonomy_slot(v));

	return z == XCAP_NONE ? 0.0 : (254 - z) / 254.0;
}

static void
xcap_lower(Summary *s, int slot, uint8 z)
{
	uint8	   *x = xcap_slot(s, slot);

	*x = Min(*x, z);
}

static uint8
xcap_encode(double cap)
{
	return (uint8) (254 - Min(254, (int) ceil(cap * 254.0)));
}

static uint8
present_bits(const Profile *p)
{
	return (p->nsectors ? 1 << CRIT_SECTOR : 0) |
		(p->nfeatures ? 1 << CRIT_TEXT : 0) |
		((p->flags & PF_MONEY) ? 1 << CRIT_MONEY : 0) |
		(p->regions ? 1 << CRIT_REGION : 0) |
		((p->flags & PF_TRL) ? 1 << CRIT_TRL : 0) |
		((p->flags & PF_DATE) ? 1 << CRIT_TIME : 0);
}

static Summary *
summary_new(void)
{
	Summary    *s = palloc0(sizeof(Summary));

	SET_VARSIZE(s, sizeof(Summary));
	s->version = PROFILE_VERSION;
	s->kind = SUMMARY_KIND;
	s->all = 0x3f;
	s->date_min = PG_INT32_MAX;
	s->money_min = PG_INT64_MAX;
	for (int i = 0; i < XCAP_SLOTS; i++)
		*xcap_slot(s, i) = XCAP_NONE;
	return s;
}

/* Set the bits of a sector and of each of its ancestors. */
static void
secbits_add(uint8 *bits, uint64 v)
{
	for (;;)
	{
		uint32		b = SECTOR_BIT(v);

		bits[b / 8] |= 1 << (b % 8);
		if (!msector_parent(v, &v))
			break;
	}
}

static inline bool
secbit(const uint8 *bits, uint64 v)
{
	uint32		b = SECTOR_BIT(v);

	return (bits[b / 8] & (1 << (b % 8))) != 0;
}

static inline void
xsecbit_set(uint8 *bits, uint64 v)
{
	uint32		b = XSECTOR_BIT(v);

	bits[b / 8] |= 1 << (b % 8);
}

static void
summary_add(Summary *s, const Profile *p)
{
	if (IS_SUMMARY(p))
	{
		const Summary *o = (const Summary *) p;
		int			i;

		s->all &= o->all;
		s->any |= o->any;
		s->sector_unbounded |= o->sector_unbounded;
		for (i = 0; i < XCAP_SLOTS; i++)
			xcap_lower(s, i, *xcap_slot((Summary *) o, i));
		for (i = 0; i < SECTOR_BITS / 8; i++)
			s->secbits[i] |= o->secbits[i];
		for (i = 0; i < SECTOR_BITS / 8; i++)
			s->xancbits[i] |= o->xancbits[i];
		for (i = 0; i < XSECTOR_BITS / 8; i++)
			s->xsecbits[i] |= o->xsecbits[i];
		s->trl_max = Max(s->trl_max, o->trl_max);
		s->regions |= o->regions;
		s->date_min = Min(s->date_min, o->date_min);
		s->money_min = Min(s->money_min, o->money_min);
		s->residual_max = Max(s->residual_max, o->residual_max);
		for (i = 0; i < SIG_BUCKETS; i++)
			sig_raise(s->sig, i, SIG_GET(o->sig, i));
	}
	else
	{
		uint8		bits = present_bits(p);
		const ProfileFeature *f = PROFILE_FEATURES(p);
		int			i;

		s->all &= bits;
		s->any |= bits;
		if (p->flags & PF_LEAF_XDROPPED)
			s->sector_unbounded = 1;
		for (i = 0; i < p->nsectors; i++)
			secbits_add(s->secbits, PROFILE_SECTORS(p)[i]);
		for (i = p->nsectors; i < PROFILE_NALLSECTORS(p); i++)
		{
			uint64		t = PROFILE_SECTORS(p)[i];

			secbits_add(s->xancbits, t);
			xsecbit_set(s->xsecbits, t);
			xcap_lower(s, msector_taxonomy_slot(t), xcap_encode(target_cap(p, t)));
		}
		if (p->flags & PF_TRL)
			s->trl_max = Max(s->trl_max, p->trl);
		s->regions |= p->regions;
		if (p->flags & PF_DATE)
			s->date_min = Min(s->date_min, p->date);
		if (p->flags & PF_MONEY)
			s->money_min = Min(s->money_min, p->money);
		s->residual_max = Max(s->residual_max, p->residual);
		for (i = 0; i < p->nfeatures; i++)
		{
			int			b = BUCKET(f[i].hash);
			int			q = sig_level(f[i].weight);

			sig_raise(s->sig, b, q);
		}
	}
}

/*
 * The bound for a leaf key: its exact score, loosened where the leaf lost
 * detail (text features dropped into the residual, crosswalk targets
 * dropped), in which case the caller rechecks.
 */
static double
leaf_bound(const Profile *q, const Profile *key, bool *recheck)
{
	double		u[NCRITERIA];
	bool		present[NCRITERIA];
	double		score = profile_score(q, key, default_weights, u, present);
	bool		loose = false;

	if (key->residual > 0 && present[CRIT_TEXT])
	{
		/* dropped features may add up to the residual norm */
		u[CRIT_TEXT] = Min(1.0, u[CRIT_TEXT] + key->residual);
		loose = true;
	}
	if ((key->flags & PF_LEAF_XDROPPED) && present[CRIT_SECTOR])
	{
		u[CRIT_SECTOR] = 1.0;
		loose = true;
	}
	if (!loose)
		return score;
	*recheck = true;
	return combine_scores(q, default_weights, u, present);
}

/*
 * Sector: per demand sector e (own or crosswalk target), the deepest
 * ancestor-or-self a of e whose bit is set, among the offers' own sectors
 * and, for e one of the demand's own sectors, among the offers' crosswalk
 * targets with their ancestors: the lowest common sector of e and any
 * offer's sector is at most as deep as a (a false positive only loosens the
 * bound), and the similarity is the specificity of the lowest common
 * sector (match_sector.c), so no offer below scores more than
 * specificity(a), nor, through an offer's target, more than the largest
 * cap of the offers' targets in e's taxonomy, nor, for e a target of the
 * demand, more than e's own cap.  A target of the demand never meets a
 * target of an offer (match_score.c).
 */
static double
deepest_set(const uint8 *bits, uint64 e)
{
	uint64		a = e;

	for (;;)
	{
		if (secbit(bits, a))
			return msector_specificity(a);
		if (!msector_parent(a, &a))
			return 0.0;
	}
}

static double
sector_bound(const Profile *q, const Summary *s)
{
	double		u = s->sector_unbounded ? 1.0 : 0.0;

	for (int i = 0; i < PROFILE_NALLSECTORS(q) && u < 1.0; i++)
	{
		uint64		e = PROFILE_SECTORS(q)[i];

		if (i < q->nsectors)
			u = Max(u, Max(deepest_set(s->secbits, e),
						   Min(deepest_set(s->xancbits, e), xcap_get(s, e))));
		else
			u = Max(u, Min(deepest_set(s->secbits, e), target_cap(q, e)));
	}
	return u;
}

/* Text: the demand's features against the offers' bucket signature. */
static double
text_bound(const Profile *q, const Summary *s)
{
	const ProfileFeature *qf = PROFILE_FEATURES(q);
	double		ub1 = 0,
				ub2 = 0,
				u;

	for (int i = 0; i < q->nfeatures; i++)
	{
		int			m = SIG_GET(s->sig, BUCKET(qf[i].hash));

		ub1 += qf[i].weight * sig_value[m];
		if (m)
			ub2 += (double) qf[i].weight * qf[i].weight;
	}
	ub1 += s->residual_max;
	u = s->residual_max > 0 ? ub1 : Min(ub1, sqrt(ub2));
	return Min(1.0, u);
}

/* The bound of one criterion over every offer a summary covers. */
static double
criterion_bound(int c, const Profile *q, const Summary *s)
{
	switch (c)
	{
		case CRIT_SECTOR:
			return sector_bound(q, s);
		case CRIT_TEXT:
			return text_bound(q, s);
		case CRIT_MONEY:
			return money_score(q->money, s->money_min);
		case CRIT_REGION:
			return region_score(q->regions, s->regions, NULL, NULL);
		case CRIT_TRL:
			return trl_score(q->trl, s->trl_max);
		case CRIT_TIME:
			return time_score(q->date, s->date_min);
	}
	return 1.0;
}

/*
 * Upper bound of the score of any offer below key for demand q: the score
 * is non-decreasing in every criterion and an unknown criterion scores 0
 * (match_score.c), so the combination of per-criterion upper bounds bounds
 * it; a criterion no offer below has data for is 0 for all of them.
 */
static double
key_bound(const Profile *q, const Profile *key, bool *recheck)
{
	double		u[NCRITERIA];
	bool		present[NCRITERIA];
	uint8		qbits = present_bits(q);
	const Summary *s;
	int			c;

	*recheck = false;
	if (!IS_SUMMARY(key))
		return leaf_bound(q, key, recheck);
	s = (const Summary *) key;
	for (c = 0; c < NCRITERIA; c++)
	{
		present[c] = (qbits & s->any & (1 << c)) != 0;
		u[c] = present[c] ? criterion_bound(c, q, s) : 0.0;
	}
	/* a hair above, so rounding never makes a bound cut below a true score */
	return Min(1.0, combine_scores(q, default_weights, u, present) + 1e-9);
}

PG_FUNCTION_INFO_V1(match_distance);
Datum
match_distance(PG_FUNCTION_ARGS)
{
	Profile    *s = PG_GETARG_PROFILE_P(0);
	Profile    *d = PG_GETARG_PROFILE_P(1);
	double		crit[NCRITERIA];
	bool		present[NCRITERIA];

	profile_validate(s);
	profile_validate(d);
	if (s->kind != PROFILE_SUPPLY || d->kind != PROFILE_DEMAND)
		elog(ERROR, "match: arguments are not a supply and a demand profile");
	PG_RETURN_FLOAT8(1.0 - profile_score(d, s, default_weights, crit, present));
}

PG_FUNCTION_INFO_V1(match_distance_commute);
Datum
match_distance_commute(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(match_distance, PG_GETARG_DATUM(1), PG_GETARG_DATUM(0));
}

/* ---- GiST support ---- */

PG_FUNCTION_INFO_V1(match_gist_consistent);
Datum
match_gist_consistent(PG_FUNCTION_ARGS)
{
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);

	/* the opclass has only the ordering operator */
	*recheck = false;
	PG_RETURN_BOOL(true);
}

static int
cmp_weight_desc(const void *a, const void *b)
{
	float4		x = ((const ProfileFeature *) a)->weight,
				y = ((const ProfileFeature *) b)->weight;

	return x > y ? -1 : x < y;
}

static int
cmp_hash(const void *a, const void *b)
{
	uint32		x = ((const ProfileFeature *) a)->hash,
				y = ((const ProfileFeature *) b)->hash;

	return x < y ? -1 : x > y;
}

PG_FUNCTION_INFO_V1(match_gist_compress);
Datum
match_gist_compress(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *ret;
	Profile    *p,
			   *k;
	int			nf,
				nsec;
	double		resid = 0;
	ProfileFeature *f;

	if (!entry->leafkey)
		PG_RETURN_POINTER(entry);
	p = DatumGetProfileP(entry->key);
	profile_validate(p);
	nf = p->nfeatures;
	f = palloc(Max(nf, 1) * sizeof(ProfileFeature));
	memcpy(f, PROFILE_FEATURES(p), nf * sizeof(ProfileFeature));
	if (nf > LEAF_FEATURES)
	{
		int			i;

		qsort(f, nf, sizeof(ProfileFeature), cmp_weight_desc);
		for (i = LEAF_FEATURES; i < nf; i++)
			resid += (double) f[i].weight * f[i].weight;
		resid = sqrt(resid) * (1 + 1e-6);
		nf = LEAF_FEATURES;
		qsort(f, nf, sizeof(ProfileFeature), cmp_hash);
	}
	/*
	 * Crosswalk targets can run to thousands of codes for a profile of many
	 * broad sectors; past LEAF_MAX_BYTES they are left out, the key says so,
	 * and its sector bound becomes 1 (rechecked on the heap tuple).
	 */
	nsec = PROFILE_NALLSECTORS(p);
	if (PROFILE_SIZE(nsec, nf, 0) > LEAF_MAX_BYTES)
		nsec = p->nsectors;
	k = palloc0(PROFILE_SIZE(nsec, nf, 0));
	memcpy(k, p, sizeof(Profile));
	SET_VARSIZE(k, PROFILE_SIZE(nsec, nf, 0));
	if (nsec < PROFILE_NALLSECTORS(p))
	{
		k->nxsectors = 0;
		k->flags |= PF_LEAF_XDROPPED;
	}
	k->nfeatures = nf;
	k->textlen = 0;
	k->residual = (float4) resid;
	memcpy(PROFILE_SECTORS(k), PROFILE_SECTORS(p), nsec * sizeof(uint64));
	memcpy(PROFILE_FEATURES(k), f, nf * sizeof(ProfileFeature));

	ret = palloc(sizeof(GISTENTRY));
	gistentryinit(*ret, PointerGetDatum(k), entry->rel, entry->page, entry->offset, false);
	PG_RETURN_POINTER(ret);
}

/* The key type has no text form: it only lives inside indexes. */
PG_FUNCTION_INFO_V1(match_gist_key_in);
Datum
match_gist_key_in(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("type supply_gist_key has no input")));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(match_gist_key_out);
Datum
match_gist_key_out(PG_FUNCTION_ARGS)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("type supply_gist_key has no output")));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(match_gist_union);
Datum
match_gist_union(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	int		   *size = (int *) PG_GETARG_POINTER(1);
	Summary    *s = summary_new();
	int			i;

	for (i = 0; i < ev->n; i++)
		summary_add(s, DatumGetProfileP(ev->vector[i].key));
	*size = sizeof(Summary);
	PG_RETURN_POINTER(s);
}

/* New bits a sector and its ancestors would set in bits. */
static int
new_secbits(const uint8 *bits, uint64 v)
{
	int			n = 0;

	for (;;)
	{
		if (!secbit(bits, v))
			n++;
		if (!msector_parent(v, &v))
			return n;
	}
}

/*
 * How much adding p to s would loosen s's bounds: sector bits first (a
 * subtree of few sectors bounds the sector criterion), then the text
 * signature, then the scalar extremes.
 */
static double
growth(const Summary *s, const Profile *p)
{
	Summary    *t;
	double		g = 0;
	int			i;

	if (!IS_SUMMARY(p))
	{
		/* a leaf: look at what it would change, without building a union */
		const ProfileFeature *f = PROFILE_FEATURES(p);

		for (i = 0; i < p->nfeatures; i++)
		{
			int			have = SIG_GET(s->sig, BUCKET(f[i].hash)),
						want = sig_level(f[i].weight);

			if (want > have)
				g += sig_value[want] - sig_value[have];
		}
		for (i = 0; i < p->nsectors; i++)
			g += 10.0 * new_secbits(s->secbits, PROFILE_SECTORS(p)[i]);
		for (i = p->nsectors; i < PROFILE_NALLSECTORS(p); i++)
			g += 5.0 * new_secbits(s->xancbits, PROFILE_SECTORS(p)[i]);
		g += 0.5 * pg_popcount32(p->regions & ~s->regions);
		if ((p->flags & PF_MONEY) && p->money < s->money_min)
			g += 0.5;
		if ((p->flags & PF_TRL) && p->trl > s->trl_max)
			g += 0.5;
		if ((p->flags & PF_DATE) && p->date < s->date_min)
			g += 0.5;
		return g;
	}
	t = summary_new();
	memcpy(t, s, sizeof(Summary));
	summary_add(t, p);
	for (i = 0; i < SIG_BUCKETS; i++)
		g += sig_value[SIG_GET(t->sig, i)] - sig_value[SIG_GET(s->sig, i)];
	for (i = 0; i < SECTOR_BITS / 8; i++)
		g += 10.0 * pg_popcount32((uint32) (t->secbits[i] & ~s->secbits[i]));
	for (i = 0; i < SECTOR_BITS / 8; i++)
		g += 5.0 * pg_popcount32((uint32) (t->xancbits[i] & ~s->xancbits[i]));
	g += 0.5 * pg_popcount32(t->regions ^ s->regions);
	if (t->money_min < s->money_min)
		g += 0.5;
	if (t->trl_max > s->trl_max)
		g += 0.5;
	if (t->date_min < s->date_min)
		g += 0.5;
	pfree(t);
	return g;
}

PG_FUNCTION_INFO_V1(match_gist_penalty);
Datum
match_gist_penalty(PG_FUNCTION_ARGS)
{
	GISTENTRY  *orig = (GISTENTRY *) PG_GETARG_POINTER(0);
	GISTENTRY  *add = (GISTENTRY *) PG_GETARG_POINTER(1);
	float	   *penalty = (float *) PG_GETARG_POINTER(2);
	Profile    *o = DatumGetProfileP(orig->key);
	Summary    *s;

	if (IS_SUMMARY(o))
		s = (Summary *) o;
	else
	{
		s = summary_new();
		summary_add(s, o);
	}
	*penalty = (float) growth(s, DatumGetProfileP(add->key));
	PG_RETURN_POINTER(penalty);
}

/* Distance between two entries for seeding a split. */
static double
entry_distance(const Summary *a, const Summary *b)
{
	double		d = 0;
	int			i;

	for (i = 0; i < SIG_BUCKETS; i++)
		d += ((SIG_GET(a->sig, i) != 0) != (SIG_GET(b->sig, i) != 0));
	for (i = 0; i < SECTOR_BITS / 8; i++)
		d += 10.0 * pg_popcount32((uint32) (a->secbits[i] ^ b->secbits[i]));
	for (i = 0; i < SECTOR_BITS / 8; i++)
		d += 5.0 * pg_popcount32((uint32) (a->xancbits[i] ^ b->xancbits[i]));
	return d;
}

typedef struct SplitCost
{
	OffsetNumber off;
	double		diff;
} SplitCost;

static int
cmp_cost(const void *a, const void *b)
{
	double		x = ((const SplitCost *) a)->diff,
				y = ((const SplitCost *) b)->diff;

	return x > y ? -1 : x < y;
}

PG_FUNCTION_INFO_V1(match_gist_picksplit);
Datum
match_gist_picksplit(PG_FUNCTION_ARGS)
{
	GistEntryVector *ev = (GistEntryVector *) PG_GETARG_POINTER(0);
	GIST_SPLITVEC *v = (GIST_SPLITVEC *) PG_GETARG_POINTER(1);
	OffsetNumber maxoff = ev->n - 1,
				i,
				j,
				seed1 = FirstOffsetNumber,
				seed2 = FirstOffsetNumber + 1;
	Summary   **one = palloc((maxoff + 1) * sizeof(Summary *));
	Profile   **keys = palloc((maxoff + 1) * sizeof(Profile *));
	Summary    *left = summary_new(),
			   *right = summary_new();
	SplitCost  *costs = palloc(maxoff * sizeof(SplitCost));
	double		far = -1;
	int			n = maxoff,
				ncost = 0;

	for (i = FirstOffsetNumber; i <= maxoff; i++)
	{
		Profile    *p = DatumGetProfileP(ev->vector[i].key);

		keys[i] = p;
		one[i] = summary_new();
		summary_add(one[i], p);
	}
	for (i = FirstOffsetNumber; i <= maxoff; i++)
		for (j = i + 1; j <= maxoff; j++)
		{
			double		d = entry_distance(one[i], one[j]);

			if (d > far)
				far = d, seed1 = i, seed2 = j;
		}
	v->spl_left = palloc((maxoff + 1) * sizeof(OffsetNumber));
	v->spl_right = palloc((maxoff + 1) * sizeof(OffsetNumber));
	v->spl_nleft = v->spl_nright = 0;
	summary_add(left, (Profile *) one[seed1]);
	summary_add(right, (Profile *) one[seed2]);
	v->spl_left[v->spl_nleft++] = seed1;
	v->spl_right[v->spl_nright++] = seed2;

	for (i = FirstOffsetNumber; i <= maxoff; i++)
	{
		if (i == seed1 || i == seed2)
			continue;
		costs[ncost].off = i;
		costs[ncost].diff = fabs(growth(left, keys[i]) - growth(right, keys[i]));
		ncost++;
	}
	qsort(costs, ncost, sizeof(SplitCost), cmp_cost);
	for (j = 0; j < ncost; j++)
	{
		OffsetNumber off = costs[j].off;
		bool		to_left;
		int			rest = ncost - j;

		/* keep both sides at least a third full */
		if (v->spl_nleft + rest <= n / 3)
			to_left = true;
		else if (v->spl_nright + rest <= n / 3)
			to_left = false;
		else
			to_left = growth(left, keys[off]) <= growth(right, keys[off]);
		if (to_left)
		{
			summary_add(left, (Profile *) one[off]);
			v->spl_left[v->spl_nleft++] = off;
		}
		else
		{
			summary_add(right, (Profile *) one[off]);
			v->spl_right[v->spl_nright++] = off;
		}
	}
	v->spl_ldatum = PointerGetDatum(left);
	v->spl_rdatum = PointerGetDatum(right);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(match_gist_same);
Datum
match_gist_same(PG_FUNCTION_ARGS)
{
	Profile    *a = DatumGetProfileP(PG_GETARG_DATUM(0));
	Profile    *b = DatumGetProfileP(PG_GETARG_DATUM(1));
	bool	   *result = (bool *) PG_GETARG_POINTER(2);

	*result = VARSIZE(a) == VARSIZE(b) && memcmp(a, b, VARSIZE(a)) == 0;
	PG_RETURN_POINTER(result);
}

PG_FUNCTION_INFO_V1(match_gist_distance);
Datum
match_gist_distance(PG_FUNCTION_ARGS)
{
	GISTENTRY  *entry = (GISTENTRY *) PG_GETARG_POINTER(0);
	Profile    *q = PG_GETARG_PROFILE_P(1);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(4);
	Profile    *key = DatumGetProfileP(entry->key);

	PG_RETURN_FLOAT8(1.0 - key_bound(q, key, recheck));
}
