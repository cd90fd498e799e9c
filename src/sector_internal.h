/*
 * sector_internal.h
 *	  Layer 4 of the sector module (private): what the SQL-callable files
 *	  (sector_io.c, sector_op.c, sector_index.c, sector_catalog.c) share.
 *	  Includes only the layers below (sector_table.h, which includes
 *	  sector_code.h); the layers are listed in sector_code.h.  Code outside
 *	  src/sector*.c includes sector.h only.
 */
#ifndef SECTOR_INTERNAL_H
#define SECTOR_INTERNAL_H

#include "sector_table.h"

#endif							/* SECTOR_INTERNAL_H */
