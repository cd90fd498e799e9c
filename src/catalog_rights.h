/*
 * catalog_rights.h
 *	  Privilege and row-level security check for the C readers of the
 *	  extension's catalog tables (sector_catalog.c, dict_classify.c).
 */
#ifndef SCENARIO_CATALOG_RIGHTS_H
#define SCENARIO_CATALOG_RIGHTS_H

#include "postgres.h"

/* the last check one reader made; set userid to InvalidOid to redo it */
typedef struct CatalogRights
{
	Oid			userid;			/* whose rights were checked */
	uint64		epoch;			/* role changes seen at that time */
	bool		rls;			/* row-level security applies to that user */
} CatalogRights;

extern bool catalog_rights_check(CatalogRights *r, const Oid *relids, int n);

#endif
