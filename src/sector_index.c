/*
 * sector_index.c
 *	  Layer 4 of the sector module: planner support for the hierarchy
 *	  operators of scenario.sector.
 *
 * Because a subtree is one contiguous range of the btree order, the support
 * function turns "col <@ x" (and "x @> col") into the exact index condition
 * "col >= x AND col <= last(x)", where last(x) is the last existing code
 * of the subtree, so a plain btree on the column answers it with a range
 * scan (and EXPLAIN shows two printable codes).  With a parameter or an
 * outer column instead of a constant the bound is computed at run time by
 * _sector_subtree_last().  "col @> x" becomes "col = ANY(ancestors of x)".
 *
 * The restriction estimators use the column's MCV list and histogram: a
 * subtree's share is its MCV entries plus the histogram fraction between
 * its bounds.
 */
#include "sector_internal.h"

#include <math.h>

#include "access/stratnum.h"
#include "catalog/pg_am.h"
#include "catalog/pg_statistic.h"
#include "catalog/pg_type.h"
#include "commands/defrem.h"
#include "nodes/makefuncs.h"
#include "nodes/nodeFuncs.h"
#include "nodes/pathnodes.h"
#include "nodes/supportnodes.h"
#include "optimizer/optimizer.h"
#include "parser/parse_func.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/selfuncs.h"

#define SECTOR_DEFAULT_SEL 0.005

static Expr *
make_bound(Oid opno, Expr *key, Expr *bound)
{
	return make_opclause(opno, BOOLOID, false, key, bound, InvalidOid, InvalidOid);
}

static Const *
sector_const(Oid typid, Sector v)
{
	return makeConst(typid, -1, InvalidOid, sizeof(Sector), SectorGetDatum(v), false, true);
}

/* index conditions for "key is in the subtree of other" */
static List *
subtree_conditions(Oid support_oid, Oid opfamily, Oid typid, Expr *key, Expr *other)
{
	Oid			ge = get_opfamily_member(opfamily, typid, typid, BTGreaterEqualStrategyNumber);
	Oid			le = get_opfamily_member(opfamily, typid, typid, BTLessEqualStrategyNumber);
	Oid			eq = get_opfamily_member(opfamily, typid, typid, BTEqualStrategyNumber);
	Expr	   *last;

	if (!OidIsValid(ge) || !OidIsValid(le) || !OidIsValid(eq))
		return NIL;
	if (IsA(other, Const))
	{
		Const	   *c = (Const *) other;
		Sector		lo,
					hi;

		if (c->constisnull)
			return NIL;
		lo = DatumGetSector(c->constvalue);
		hi = sector_last_descendant(lo);
		if (hi == lo)
			return list_make1(make_bound(eq, key, other));
		last = (Expr *) sector_const(typid, hi);
	}
	else
	{
		char	   *nsp = get_namespace_name(get_func_namespace(support_oid));
		Oid			fn = LookupFuncName(list_make2(makeString(nsp), makeString("_sector_subtree_last")),
										1, &typid, true);

		if (!OidIsValid(fn))
			return NIL;
		last = (Expr *) makeFuncExpr(fn, typid, list_make1(other), InvalidOid, InvalidOid,
									 COERCE_EXPLICIT_CALL);
	}
	return list_make2(make_bound(ge, key, other), make_bound(le, key, last));
}

/* index condition for "key is other or one of its ancestors" */
static List *
ancestor_conditions(Oid opfamily, Oid typid, Expr *key, Expr *other)
{
	Oid			eq = get_opfamily_member(opfamily, typid, typid, BTEqualStrategyNumber);
	Oid			arraytype = get_array_type(typid);
	Datum		values[SECTOR_MAX_LEVELS];
	int			n;
	Sector		s;
	ScalarArrayOpExpr *saop;

	if (!OidIsValid(eq) || !OidIsValid(arraytype) || !IsA(other, Const) ||
		((Const *) other)->constisnull)
		return NIL;
	s = DatumGetSector(((Const *) other)->constvalue);
	n = sector_level_internal(s);
	for (int level = 1; level <= n; level++)
	{
		Sector		a;

		if (!sector_ancestor_internal(s, level, &a))
			return NIL;
		values[level - 1] = SectorGetDatum(a);
	}
	saop = makeNode(ScalarArrayOpExpr);
	saop->opno = eq;
	saop->opfuncid = get_opcode(eq);
	saop->useOr = true;
	saop->inputcollid = InvalidOid;
	saop->args = list_make2(key,
							makeConst(arraytype, -1, InvalidOid, -1,
									  PointerGetDatum(construct_array(values, n, typid, sizeof(Sector),
																	  true, TYPALIGN_DOUBLE)),
									  false, false));
	saop->location = -1;
	return list_make1(saop);
}

/*
 * Shared by the support functions of sector_contained (a <@ b) and
 * sector_contains (a @> b); descendant_arg is the argument that must lie
 * in the other's subtree.
 */
static Node *
hierarchy_support(FunctionCallInfo fcinfo, int descendant_arg)
{
	Node	   *rawreq = (Node *) PG_GETARG_POINTER(0);
	SupportRequestIndexCondition *req;
	List	   *args;
	Expr	   *key;
	Expr	   *other;
	Oid			typid;
	List	   *conds;

	if (!IsA(rawreq, SupportRequestIndexCondition))
		return NULL;
	req = (SupportRequestIndexCondition *) rawreq;
	if (is_opclause(req->node))
		args = ((OpExpr *) req->node)->args;
	else if (is_funcclause(req->node))
		args = ((FuncExpr *) req->node)->args;
	else
		return NULL;
	if (list_length(args) != 2 || req->index->relam != BTREE_AM_OID)
		return NULL;
	key = (Expr *) list_nth(args, req->indexarg);
	other = (Expr *) list_nth(args, 1 - req->indexarg);
	typid = exprType((Node *) key);
	if (exprType((Node *) other) != typid)
		return NULL;
	/* the other side must be constant during one index scan */
	if (contain_volatile_functions((Node *) other) ||
		bms_is_member(req->index->rel->relid, pull_varnos(req->root, (Node *) other)))
		return NULL;

	if (req->indexarg == descendant_arg)
		conds = subtree_conditions(fcinfo->flinfo->fn_oid, req->opfamily, typid, key, other);
	else
		conds = ancestor_conditions(req->opfamily, typid, key, other);
	if (conds == NIL)
		return NULL;
	req->lossy = false;
	return (Node *) conds;
}

PG_FUNCTION_INFO_V1(sector_contained_support);
Datum
sector_contained_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(hierarchy_support(fcinfo, 0));
}

PG_FUNCTION_INFO_V1(sector_contains_support);
Datum
sector_contains_support(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(hierarchy_support(fcinfo, 1));
}

/* --- selectivity ------------------------------------------------------ */

/*
 * Fraction of the histogram's population below x, interpolated in a bin.
 * Built-in codes are interpolated by their rank among existing codes, as
 * the raw values are sparse (a bin may even span two taxonomies).
 */
static double
histogram_position(const AttStatsSlot *h, Sector x)
{
	int			lo = 0,
				hi = h->nvalues - 1;
	Sector		a,
				b;

	if (x <= DatumGetSector(h->values[0]))
		return 0.0;
	if (x >= DatumGetSector(h->values[hi]))
		return 1.0;
	while (hi - lo > 1)
	{
		int			mid = (lo + hi) / 2;

		if (DatumGetSector(h->values[mid]) <= x)
			lo = mid;
		else
			hi = mid;
	}
	a = DatumGetSector(h->values[lo]);
	b = DatumGetSector(h->values[hi]);
	if (sector_is_builtin(a) && sector_is_builtin(b) && sector_is_builtin(x))
	{
		int			ra = sector_builtin_rank(a),
					rb = sector_builtin_rank(b);

		if (rb > ra)
			return (lo + (double) (sector_builtin_rank(x) - ra) / (rb - ra)) / (h->nvalues - 1);
	}
	return (lo + (double) (x - a) / (double) (b - a)) / (h->nvalues - 1);
}

static double
subtree_selectivity(PlannerInfo *root, VariableStatData *vardata, Sector lo, Sector hi)
{
	Form_pg_statistic stats;
	AttStatsSlot sslot;
	double		mcv_sel = 0.0,
				mcv_total = 0.0,
				hist_frac,
				rest,
				ndistinct;
	bool		isdefault;
	int			nmcv = 0;

	if (!HeapTupleIsValid(vardata->statsTuple))
		return SECTOR_DEFAULT_SEL;
	stats = (Form_pg_statistic) GETSTRUCT(vardata->statsTuple);
	if (get_attstatsslot(&sslot, vardata->statsTuple, STATISTIC_KIND_MCV, InvalidOid,
						 ATTSTATSSLOT_VALUES | ATTSTATSSLOT_NUMBERS))
	{
		for (int i = 0; i < sslot.nvalues; i++)
		{
			Sector		v = DatumGetSector(sslot.values[i]);

			mcv_total += sslot.numbers[i];
			if (v >= lo && v <= hi)
				mcv_sel += sslot.numbers[i];
		}
		nmcv = sslot.nvalues;
		free_attstatsslot(&sslot);
	}
	rest = 1.0 - stats->stanullfrac - mcv_total;
	if (rest <= 0.0)
		return mcv_sel;
	if (get_attstatsslot(&sslot, vardata->statsTuple, STATISTIC_KIND_HISTOGRAM, InvalidOid,
						 ATTSTATSSLOT_VALUES))
	{
		if (sslot.nvalues >= 2)
			hist_frac = histogram_position(&sslot, hi + 1) - histogram_position(&sslot, lo);
		else
			hist_frac = SECTOR_DEFAULT_SEL;
		free_attstatsslot(&sslot);
	}
	else
		hist_frac = SECTOR_DEFAULT_SEL;
	/* a subtree holds at least one of the non-MCV values when it exists */
	ndistinct = get_variable_numdistinct(vardata, &isdefault) - nmcv;
	if (ndistinct >= 1.0)
		hist_frac = Max(hist_frac, 1.0 / ndistinct);
	return mcv_sel + Min(hist_frac, 1.0) * rest;
}

static double
ancestors_selectivity(VariableStatData *vardata, Oid typid, Sector s)
{
	Oid			opclass = GetDefaultOpClass(typid, BTREE_AM_OID);
	Oid			eq;
	double		sel = 0.0;
	int			n = sector_level_internal(s);

	if (!OidIsValid(opclass))
		return SECTOR_DEFAULT_SEL;
	eq = get_opfamily_member(get_opclass_family(opclass), typid, typid, BTEqualStrategyNumber);
	if (!OidIsValid(eq))
		return SECTOR_DEFAULT_SEL;
	for (int level = 1; level <= n; level++)
	{
		Sector		a;

		if (sector_ancestor_internal(s, level, &a))
			sel += var_eq_const(vardata, eq, InvalidOid, SectorGetDatum(a), false, true, false);
	}
	return sel;
}

static Datum
hierarchy_sel(FunctionCallInfo fcinfo, bool left_is_descendant)
{
	PlannerInfo *root = (PlannerInfo *) PG_GETARG_POINTER(0);
	List	   *args = (List *) PG_GETARG_POINTER(2);
	int			varRelid = PG_GETARG_INT32(3);
	VariableStatData vardata;
	Node	   *other;
	bool		varonleft;
	double		sel;
	Sector		c;

	if (!get_restriction_variable(root, args, varRelid, &vardata, &other, &varonleft))
		PG_RETURN_FLOAT8(SECTOR_DEFAULT_SEL);
	if (!IsA(other, Const))
	{
		ReleaseVariableStats(vardata);
		PG_RETURN_FLOAT8(SECTOR_DEFAULT_SEL);
	}
	if (((Const *) other)->constisnull)
	{
		ReleaseVariableStats(vardata);
		PG_RETURN_FLOAT8(0.0);
	}
	c = DatumGetSector(((Const *) other)->constvalue);
	if (varonleft == left_is_descendant)
		sel = subtree_selectivity(root, &vardata, c, sector_subtree_max(c));
	else
		sel = ancestors_selectivity(&vardata, exprType(other), c);
	ReleaseVariableStats(vardata);
	CLAMP_PROBABILITY(sel);
	PG_RETURN_FLOAT8(sel);
}

/* restriction estimator of a <@ b */
PG_FUNCTION_INFO_V1(sector_contained_sel);
Datum
sector_contained_sel(PG_FUNCTION_ARGS)
{
	return hierarchy_sel(fcinfo, true);
}

/* restriction estimator of a @> b */
PG_FUNCTION_INFO_V1(sector_contains_sel);
Datum
sector_contains_sel(PG_FUNCTION_ARGS)
{
	return hierarchy_sel(fcinfo, false);
}
