/*
 * sector.h
 *	  The scenario.sector type: public C interface for other modules.
 *
 * A sector is a pass-by-value int64 whose integer order is the preorder of
 * its taxonomy tree: the taxonomy sits in the top bits, then one fixed-width
 * slot per level (0 = level absent), so a parent sorts before all of its
 * descendants and a whole subtree is the contiguous range
 * [x, x + sector_span(x)).  This layout is stable within a release series;
 * code outside src/sector*.c should use the functions below rather than
 * pick bits apart.
 *
 *	  bit 63       always 0 (values are non-negative)
 *	  bit 62       0 = built-in taxonomy, 1 = user taxonomy ("x..." names)
 *	  built-in:    bits 56..61 taxonomy id (SECTOR_TAX_*), bits 0..55 slots
 *	  user:        bits 30..61 taxonomy name (base 37, see sector_code.c),
 *	               bits 0..27 four 7-bit slots (component + 1)
 *
 * The slot widths of each taxonomy are in sector_code.h, the private layer
 * 1 of the module; the layers are listed there.  This header includes none
 * of them.
 */
#ifndef SECTOR_H
#define SECTOR_H

#include "postgres.h"
#include "fmgr.h"

typedef int64 Sector;

#define DatumGetSector(X)		((Sector) DatumGetInt64(X))
#define SectorGetDatum(X)		Int64GetDatum((int64) (X))
#define PG_GETARG_SECTOR(n)		DatumGetSector(PG_GETARG_DATUM(n))
#define PG_RETURN_SECTOR(x)		return SectorGetDatum(x)

/* built-in taxonomy ids, in their sort order */
#define SECTOR_TAX_GBT4754		1
#define SECTOR_TAX_SEI2018		2
#define SECTOR_TAX_GD			3
#define SECTOR_TAX_ISIC4		4
#define SECTOR_TAX_NAICS2022	5
#define SECTOR_TAX_NBUILTIN		5

#define SECTOR_MAX_LEVELS		5
/* longest canonical text, e.g. "naics2022:336411" or "xabcdef:126.126.126.126" */
#define SECTOR_MAX_TEXT			64

/* Level of a valid value: 1 = top of its taxonomy. */
extern int	sector_level_internal(Sector s);

/* Parent of a valid value; returns false (and leaves *parent) at level 1. */
extern bool sector_parent_internal(Sector s, Sector *parent);

/* Ancestor at the given level (1..level(s)); false if level is out of range. */
extern bool sector_ancestor_internal(Sector s, int level, Sector *ancestor);

/* Does a equal b or is it an ancestor of b (a @> b)? */
extern bool sector_contains_internal(Sector a, Sector b);

/* Lowest common ancestor; false across taxonomies or distinct roots. */
extern bool sector_lca_internal(Sector a, Sector b, Sector *lca);

/*
 * Similarity in [0, 1]: Wu-Palmer on the taxonomy tree,
 * 2 * level(lca) / (level(a) + level(b)); 1 for equal codes, 0 across
 * taxonomies or when the codes share no root.
 */
extern double sector_similarity_internal(Sector a, Sector b);

/* Same taxonomy? */
extern bool sector_same_taxonomy(Sector a, Sector b);

/* Last value inside the subtree of s (s + span - 1) */
extern Sector sector_subtree_max(Sector s);

/*
 * Text conversion.  sector_parse raises 22P02 on bad input (str, in the
 * server encoding, is what the error message quotes; sector_parse_bytes
 * takes bytes of unknown encoding and quotes them escaped); sector_format writes the canonical text into buf
 * (at least SECTOR_MAX_TEXT + 1 bytes) and returns false on a value that no
 * parser could have produced.
 */
extern Sector sector_parse(const char *str, int len);
extern Sector sector_parse_bytes(const char *bytes, int len);
extern bool sector_format(Sector s, char *buf);

/*
 * The crosswalks compiled into the library that matching follows (GB/T
 * 4754 <-> gd clusters and priority sectors, NAICS 2022 <-> ISIC 4; not the
 * comparison crosswalks GB/T <-> ISIC and SEI <-> GB/T, which serve
 * sector_map only), not the sector_crosswalk table:
 * the targets of s and of every code below it, or when there are none,
 * those of its nearest ancestor that has some.  They come sorted, without
 * duplicates and without a code inside another listed one; a list longer
 * than max is coarsened, each code replaced by its parent, until it fits.
 * Writes at most max codes to out and returns how many there are, which
 * is more than max only if even the coarsest list does not fit.
 */
extern int	sector_crosswalk_targets(Sector s, Sector *out, int max);

#endif							/* SECTOR_H */
