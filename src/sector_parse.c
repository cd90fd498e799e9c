/*
 * sector_parse.c
 *	  Layer 3 of the sector module: the one text parser of scenario.sector,
 *	  shared by sector_in, sector_recv (through sector_parse_bytes) and the
 *	  text cast.  It checks the shape of the code for its taxonomy and, for
 *	  built-in taxonomies, that the code exists in the compiled-in list.
 *	  Includes only the layers below (sector_table.h); its inverse is
 *	  sector_format.c.
 *
 * Code shapes (input is case-insensitive; output is the canonical form):
 *	  gbt4754    C, C39, C396, C3963 (the section letter may be omitted when
 *	             digits follow; a letter that contradicts the division fails)
 *	  isic4      the same shape as gbt4754: C, C27, C271, C2710
 *	  sei2018    1, 1.2
 *	  gd         P, P01, P0101 (group letter P, E, F or K, two digits per level)
 *	  naics2022  11, 31-33 (the three ranged sectors), 336, 3364, 33641, 336411
 *	  x<name>    user taxonomies: 1 to 4 dot-separated numbers 0..126,
 *	             e.g. xsz:3.12; the name is x plus 1 to 6 of [a-z0-9]
 */
#include "sector_table.h"

#include <ctype.h>

#include "mb/pg_wchar.h"

#define SECTIONS_GBT4754 20		/* A..T */
#define SECTIONS_ISIC4 21		/* A..U */
#define IS_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r' || (c) == '\f' || (c) == '\v')

/* --- error reporting ------------------------------------------------ */

static void pg_attribute_noreturn() pg_attribute_printf(2, 3)
bad_input(const char *shown, const char *fmt,...)
{
	char		detail[256];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type sector: \"%s\"", shown),
			 errdetail("%s", detail)));
}

/* --- the parser ------------------------------------------------------- */

static int
parse_digits(const char *p, int n)
{
	int			v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (p[i] - '0');
	return v;
}

static bool
all_digits(const char *p)
{
	for (; *p; p++)
		if (!isdigit((unsigned char) *p))
			return false;
	return true;
}

/*
 * gbt4754 and isic4 codes whose division is 01 to 09 keep the zero
 * (isic4:0111); "isic4:111" is a likely slip.  When the digits after the
 * optional letter are one short of a level (1 or 3) and the code with a
 * leading zero exists, write that spelling into out and return true.
 * Reached on errors only.
 */
static bool
zero_padded(int id, const char *code, char *out)
{
	const SectorLayout *l = &sector_builtin_layouts[id];
	const char *p = code;
	int			letter = 0;
	int			ndig;
	int			division;
	Sector		v = (Sector) id << SECTOR_BUILTIN_SHIFT;
	char		section[2] = "";

	if (isalpha((unsigned char) *p))
	{
		section[0] = toupper((unsigned char) *p++);
		letter = section[0] - 'A' + 1;
	}
	ndig = strlen(p);
	if ((ndig != 1 && ndig != 3) || !all_digits(p))
		return false;
	division = p[0] - '0';
	if (sector_division_section(id, division) == 0 ||
		(letter != 0 && sector_division_section(id, division) != letter))
		return false;
	v = sector_put_slot(v, l, 1, sector_division_section(id, division));
	v = sector_put_slot(v, l, 2, division);
	if (ndig == 3)
	{
		v = sector_put_slot(v, l, 3, p[1] - '0' + 1);
		v = sector_put_slot(v, l, 4, p[2] - '0' + 1);
	}
	if (!sector_builtin_exists(v))
		return false;
	snprintf(out, SECTOR_MAX_TEXT + 1, "%s:%s0%s", l->name, section, p);
	return true;
}

/* bad_input for a gbt4754 or isic4 code, with a hint at its zero-padded spelling */
static void pg_attribute_noreturn() pg_attribute_printf(4, 5)
bad_lettered(const char *shown, int id, const char *code, const char *fmt,...)
{
	char		detail[256];
	char		padded[SECTOR_MAX_TEXT + 1];
	va_list		ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	if (!zero_padded(id, code, padded))
		bad_input(shown, "%s", detail);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type sector: \"%s\"", shown),
			 errdetail("%s", detail),
			 errhint("Perhaps you meant \"%s\": divisions 01 to 09 keep their leading zero.", padded)));
	pg_unreachable();
}

/* gbt4754 and isic4: optional section letter, then 0, 2, 3 or 4 digits */
static Sector
parse_lettered(const char *shown, int id, const char *code)
{
	const SectorLayout *l = &sector_builtin_layouts[id];
	int			nsections = id == SECTOR_TAX_GBT4754 ? SECTIONS_GBT4754 : SECTIONS_ISIC4;
	Sector		v = (Sector) id << SECTOR_BUILTIN_SHIFT;
	const char *p = code;
	int			letter = 0;
	int			ndig;
	int			division;

	if (isalpha((unsigned char) *p))
		letter = toupper((unsigned char) *p++) - 'A' + 1;
	ndig = strlen(p);
	if (!all_digits(p) || (ndig == 0 && letter == 0) || ndig == 1 || ndig > 4)
		bad_lettered(shown, id, code, "A %s code is a section letter and/or 2 to 4 digits, e.g. C, C39, C396, C3963 or 3963.",
				  l->name);
	if (letter > nsections)
		bad_lettered(shown, id, code, "Section %c does not exist in %s.", letter + 'A' - 1, l->name);
	if (ndig == 0)
		return sector_put_slot(v, l, 1, letter);
	division = parse_digits(p, 2);
	if (sector_division_section(id, division) == 0)
		bad_lettered(shown, id, code, "Division %02d does not exist in %s.", division, l->name);
	if (letter == 0)
		letter = sector_division_section(id, division);
	else if (sector_division_section(id, division) != letter)
		bad_lettered(shown, id, code, "Section %c does not contain division %02d; it belongs to section %c.",
				  letter + 'A' - 1, division, sector_division_section(id, division) + 'A' - 1);
	v = sector_put_slot(v, l, 1, letter);
	v = sector_put_slot(v, l, 2, division);
	for (int i = 2; i < ndig; i++)
		v = sector_put_slot(v, l, i + 1, p[i] - '0' + 1);
	return v;
}

static Sector
parse_sei(const char *shown, const char *code)
{
	const SectorLayout *l = &sector_builtin_layouts[SECTOR_TAX_SEI2018];
	Sector		v = (Sector) SECTOR_TAX_SEI2018 << SECTOR_BUILTIN_SHIFT;
	const char *p = code;

	for (int level = 1; level <= 2; level++)
	{
		int			n = 0,
					value = 0;

		while (isdigit((unsigned char) p[n]) && n < 3)
			value = value * 10 + (p[n++] - '0');
		if (n == 0 || (n > 1 && p[0] == '0') || isdigit((unsigned char) p[n]))
			bad_input(shown, "A sei2018 code is a number or two numbers joined by a dot, without leading zeros, e.g. 1 or 1.2.");
		if (value == 0 || value > 15)
			bad_input(shown, "Code \"%s\" does not exist in sei2018.", code);
		v = sector_put_slot(v, l, level, value);
		p += n;
		if (*p == '\0')
			return v;
		if (*p != '.' || level == 2)
			break;
		p++;
	}
	bad_input(shown, "A sei2018 code is a number or two numbers joined by a dot, without leading zeros, e.g. 1 or 1.2.");
}

static Sector
parse_gd(const char *shown, const char *code)
{
	const SectorLayout *l = &sector_builtin_layouts[SECTOR_TAX_GD];
	Sector		v = (Sector) SECTOR_TAX_GD << SECTOR_BUILTIN_SHIFT;
	const char *group = strchr(SECTOR_GD_GROUPS, toupper((unsigned char) code[0]));
	int			ndig = strlen(code) - 1;

	if (code[0] == '\0' || group == NULL || !all_digits(code + 1) || ndig % 2 != 0 || ndig > 4)
		bad_input(shown, "A gd code is a group letter (P, E, F or K) followed by 0, 2 or 4 digits, e.g. P, P01 or K0101.");
	v = sector_put_slot(v, l, 1, group - SECTOR_GD_GROUPS + 1);
	for (int i = 0; i < ndig; i += 2)
	{
		int			n = parse_digits(code + 1 + i, 2);

		if (n == 0 || n > 31)
			bad_input(shown, "Code \"%s\" does not exist in gd.", code);
		v = sector_put_slot(v, l, 2 + i / 2, n);
	}
	return v;
}

/* first two digits of the NAICS sector holding a 2-digit prefix */
static Sector
parse_naics(const char *shown, const char *code)
{
	const SectorLayout *l = &sector_builtin_layouts[SECTOR_TAX_NAICS2022];
	Sector		v = (Sector) SECTOR_TAX_NAICS2022 << SECTOR_BUILTIN_SHIFT;
	int			len = strlen(code);
	int			prefix,
				first;

	if (len == 5 && code[2] == '-' && isdigit((unsigned char) code[0]) && isdigit((unsigned char) code[1]) &&
		isdigit((unsigned char) code[3]) && isdigit((unsigned char) code[4]))
	{
		first = parse_digits(code, 2);
		if (sector_naics_last(first) == first || parse_digits(code + 3, 2) != sector_naics_last(first))
			bad_input(shown, "Code \"%s\" does not exist in naics2022; the ranged sectors are 31-33, 44-45 and 48-49.", code);
		return sector_put_slot(v, l, 1, first);
	}
	if (len < 2 || len > 6 || !all_digits(code))
		bad_input(shown, "A naics2022 code is 2 to 6 digits, or one of the sectors 31-33, 44-45 and 48-49.");
	prefix = parse_digits(code, 2);
	first = sector_naics_first(prefix);
	if (len == 2 && sector_naics_last(first) != first)
		bad_input(shown, "NAICS sector %02d is written %02d-%02d.", prefix, first, sector_naics_last(first));
	if (prefix < 10)
		bad_input(shown, "Code \"%s\" does not exist in naics2022.", code);
	v = sector_put_slot(v, l, 1, first);
	if (len >= 3)
		v = sector_put_slot(v, l, 2, (prefix - first) * 10 + (code[2] - '0') + 1);
	for (int i = 3; i < len; i++)
		v = sector_put_slot(v, l, i, code[i] - '0' + 1);
	return v;
}

static Sector
parse_user(const char *shown, const char *name, const char *code)
{
	const SectorLayout *l = &sector_user_layout;
	int64		namecode;
	Sector		v;
	const char *p = code;

	if (!sector_user_name_encode(name + 1, &namecode))
		bad_input(shown, "A user taxonomy name is x followed by 1 to 6 letters or digits.");
	v = SECTOR_USER_BIT | (namecode << SECTOR_USER_NAME_SHIFT);
	for (int level = 1;; level++)
	{
		int			n = 0,
					value = 0;

		while (isdigit((unsigned char) p[n]) && n < 4)
			value = value * 10 + (p[n++] - '0');
		if (n == 0 || (n > 1 && p[0] == '0') || isdigit((unsigned char) p[n]) ||
			(p[n] != '\0' && p[n] != '.'))
			bad_input(shown, "A code of user taxonomy \"%s\" is 1 to 4 numbers joined by dots, without leading zeros, e.g. 3.12.", name);
		if (value > SECTOR_USER_MAX_COMPONENT)
			bad_input(shown, "Component %d is larger than %d.", value, SECTOR_USER_MAX_COMPONENT);
		if (level > SECTOR_USER_LEVELS)
			bad_input(shown, "A user taxonomy has at most %d levels.", SECTOR_USER_LEVELS);
		v = sector_put_slot(v, l, level, value + 1);
		p += n;
		if (*p == '\0')
			return v;
		p++;
	}
}

/*
 * Trim blanks, check the characters, lower-case into buf (SECTOR_MAX_TEXT
 * + 1 bytes) and split at the colon: returns the code, buf holds the
 * taxonomy name.  shown is what error messages quote.
 */
static char *
split_input(const char *str, int len, const char *shown, char *buf)
{
	char	   *colon;
	char	   *code;
	int			lead = 0;		/* blanks skipped: positions count from the input */

	while (len > 0 && IS_SPACE(*str))
		str++, len--, lead++;
	while (len > 0 && IS_SPACE(str[len - 1]))
		len--;
	if (len == 0)
		bad_input(shown, "The input is empty; write <taxonomy>:<code>, e.g. gbt4754:C3963.");
	if (len > SECTOR_MAX_TEXT)
		bad_input(shown, "The input is longer than %d bytes.", SECTOR_MAX_TEXT);
	for (int i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) str[i];

		if (c == '\0')
			bad_input(shown, "The input contains a zero byte at position %d.", lead + i + 1);
		if (c >= 0x80 || !(isalnum(c) || c == ':' || c == '.' || c == '-'))
			bad_input(shown, "Unexpected character at position %d; a sector is written with ASCII letters, digits, \":\", \".\" and \"-\".", lead + i + 1);
		buf[i] = (char) tolower(c);
	}
	buf[len] = '\0';
	colon = strchr(buf, ':');
	if (colon == NULL)
		bad_input(shown, "Missing \":\" between taxonomy and code; write <taxonomy>:<code>, e.g. gbt4754:C3963.");
	*colon = '\0';
	code = colon + 1;
	if (buf[0] == '\0')
		bad_input(shown, "The taxonomy name is missing before \":\".");
	if (*code == '\0')
		bad_input(shown, "The code is missing after \"%s:\".", buf);
	if (strchr(code, ':'))
		bad_input(shown, "More than one \":\".");
	return code;
}

/* A code of built-in taxonomy id, which must exist. */
static Sector
parse_builtin(const char *shown, int id, const char *taxonomy, char *code)
{
	Sector		v;

	switch (id)
	{
		case SECTOR_TAX_GBT4754:
		case SECTOR_TAX_ISIC4:
			v = parse_lettered(shown, id, code);
			break;
		case SECTOR_TAX_SEI2018:
			v = parse_sei(shown, code);
			break;
		case SECTOR_TAX_GD:
			v = parse_gd(shown, code);
			break;
		default:
			v = parse_naics(shown, code);
			break;
	}
	if (!sector_builtin_exists(v))
	{
		char		upper[SECTOR_MAX_TEXT + 1];

		for (int i = 0; i <= (int) strlen(code); i++)
			upper[i] = toupper((unsigned char) code[i]);
		if (id == SECTOR_TAX_GBT4754 || id == SECTOR_TAX_ISIC4)
			bad_lettered(shown, id, code, "Code \"%s\" does not exist in %s.", upper, taxonomy);
		bad_input(shown, "Code \"%s\" does not exist in %s.", upper, taxonomy);
	}
	return v;
}

/* The parser proper.  shown is what error messages quote. */
static Sector
parse_internal(const char *str, int len, const char *shown)
{
	char		buf[SECTOR_MAX_TEXT + 1];
	char	   *code = split_input(str, len, shown, buf);

	for (int id = 1; id <= SECTOR_TAX_NBUILTIN; id++)
		if (strcmp(buf, sector_builtin_layouts[id].name) == 0)
			return parse_builtin(shown, id, buf, code);
	if (buf[0] == 'x')
		return parse_user(shown, buf, code);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type sector: \"%s\"", shown),
			 errdetail("Unknown taxonomy \"%s\".", buf),
			 errhint("The built-in taxonomies are gbt4754, sei2018, gd, isic4 and naics2022; user taxonomies are named x followed by 1 to 6 letters or digits.")));
	pg_unreachable();
}

Sector
sector_parse(const char *str, int len)
{
	char		shown[SECTOR_MAX_TEXT + 8];
	int			n = len;

	/* quote at most SECTOR_MAX_TEXT bytes, cut on a character boundary */
	if (n > SECTOR_MAX_TEXT)
	{
		n = pg_mbcliplen(str, len, SECTOR_MAX_TEXT);
		memcpy(shown, str, n);
		strcpy(shown + n, "...");
	}
	else
	{
		memcpy(shown, str, n);
		shown[n] = '\0';
	}
	return parse_internal(str, len, shown);
}

/*
 * Parse bytes of unknown encoding (binary input): the error message quotes
 * them with every byte outside printable ASCII written as \xNN, so a
 * message never carries an invalid character.
 */
Sector
sector_parse_bytes(const char *bytes, int len)
{
	char		shown[SECTOR_MAX_TEXT * 4 + 8];
	int			n = 0;

	for (int i = 0; i < len && i < SECTOR_MAX_TEXT; i++)
	{
		unsigned char c = (unsigned char) bytes[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			shown[n++] = (char) c;
		else
			n += sprintf(shown + n, "\\x%02x", c);
	}
	if (len > SECTOR_MAX_TEXT)
		n += sprintf(shown + n, "...");
	shown[n] = '\0';
	return parse_internal(bytes, len, shown);
}
