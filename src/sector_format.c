/*
 * sector_format.c
 *	  Layer 3 of the sector module: the canonical text of a value, the one
 *	  formatter behind sector_out, sector_send and the text cast.  The
 *	  parser, its inverse, is sector_parse.c.  Includes only the layers
 *	  below (sector_table.h).
 */
#include "sector_table.h"

/* gbt4754 and isic4: section letter, two-digit division, one digit per level */
static char *
format_lettered(Sector s, const SectorLayout *l, int level, char *p)
{
	*p++ = 'A' + sector_slot(s, l, 1) - 1;
	if (level >= 2)
		p += sprintf(p, "%02d", sector_slot(s, l, 2));
	for (int i = 3; i <= level; i++)
		*p++ = '0' + sector_slot(s, l, i) - 1;
	return p;
}

/* naics2022: a sector (ranged ones as 31-33), then 3 to 6 digits */
static char *
format_naics(Sector s, const SectorLayout *l, int level, char *p)
{
	int			first = sector_slot(s, l, 1);

	if (level == 1)
	{
		p += sprintf(p, "%02d", first);
		if (sector_naics_last(first) != first)
			p += sprintf(p, "-%02d", sector_naics_last(first));
		return p;
	}
	p += sprintf(p, "%02d%d", first + (sector_slot(s, l, 2) - 1) / 10,
				 (sector_slot(s, l, 2) - 1) % 10);
	for (int i = 3; i <= level; i++)
		*p++ = '0' + sector_slot(s, l, i) - 1;
	return p;
}

bool
sector_format(Sector s, char *buf)
{
	const SectorLayout *l = sector_layout(s);
	int			level;
	char	   *p;

	if (l == NULL || !sector_is_valid(s))
		return false;
	sector_taxonomy_name(s, buf);
	p = buf + strlen(buf);
	*p++ = ':';
	level = sector_level_internal(s);
	switch (sector_is_builtin(s) ? sector_builtin_id(s) : 0)
	{
		case SECTOR_TAX_GBT4754:
		case SECTOR_TAX_ISIC4:
			p = format_lettered(s, l, level, p);
			break;
		case SECTOR_TAX_SEI2018:
			p += sprintf(p, "%d", sector_slot(s, l, 1));
			if (level == 2)
				p += sprintf(p, ".%d", sector_slot(s, l, 2));
			break;
		case SECTOR_TAX_GD:
			*p++ = SECTOR_GD_GROUPS[sector_slot(s, l, 1) - 1];
			for (int i = 2; i <= level; i++)
				p += sprintf(p, "%02d", sector_slot(s, l, i));
			break;
		case SECTOR_TAX_NAICS2022:
			p = format_naics(s, l, level, p);
			break;
		default:
			for (int i = 1; i <= level; i++)
				p += sprintf(p, i == 1 ? "%d" : ".%d", sector_slot(s, l, i) - 1);
			break;
	}
	*p = '\0';
	return true;
}
