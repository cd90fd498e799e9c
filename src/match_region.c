/*
 * match_region.c
 *	  The regions a profile may name: Guangdong province (440000) and its 21
 *	  prefecture-level cities (GB/T 2260 codes), with Chinese and English
 *	  names, and the region criterion's curve.
 *
 * The list is compiled in so type input never reads a table; the districts
 * and counties, which count as their city, are generated from data/
 * (src/match_region_data.c).  Each city
 * carries its zone in the province's official regional plan (一核一带一区:
 * the Pearl River Delta core, the east and west coastal wings, the northern
 * ecological zone), which grades "near" from "elsewhere in the province".
 */
#include "match.h"

#include "utils/builtins.h"

typedef struct Region
{
	int			code;
	const char *zh;				/* without the 市/省 suffix */
	const char *suffix;
	const char *en;
	char		zone;			/* P core, E east wing, W west wing, N north, - province */
} Region;

static const Region regions[REGION_COUNT] = {
	{440000, "广东", "省", "Guangdong", '-'},
	{440100, "广州", "市", "Guangzhou", 'P'},
	{440200, "韶关", "市", "Shaoguan", 'N'},
	{440300, "深圳", "市", "Shenzhen", 'P'},
	{440400, "珠海", "市", "Zhuhai", 'P'},
	{440500, "汕头", "市", "Shantou", 'E'},
	{440600, "佛山", "市", "Foshan", 'P'},
	{440700, "江门", "市", "Jiangmen", 'P'},
	{440800, "湛江", "市", "Zhanjiang", 'W'},
	{440900, "茂名", "市", "Maoming", 'W'},
	{441200, "肇庆", "市", "Zhaoqing", 'P'},
	{441300, "惠州", "市", "Huizhou", 'P'},
	{441400, "梅州", "市", "Meizhou", 'N'},
	{441500, "汕尾", "市", "Shanwei", 'E'},
	{441600, "河源", "市", "Heyuan", 'N'},
	{441700, "阳江", "市", "Yangjiang", 'W'},
	{441800, "清远", "市", "Qingyuan", 'N'},
	{441900, "东莞", "市", "Dongguan", 'P'},
	{442000, "中山", "市", "Zhongshan", 'P'},
	{445100, "潮州", "市", "Chaozhou", 'E'},
	{445200, "揭阳", "市", "Jieyang", 'E'},
	{445300, "云浮", "市", "Yunfu", 'N'},
};

static bool
eq_len(const char *s, int len, const char *word, bool nocase)
{
	int			wl = strlen(word);

	if (wl != len)
		return false;
	return nocase ? pg_strncasecmp(s, word, len) == 0 : memcmp(s, word, len) == 0;
}

static int
city_index(int code)
{
	int			i;

	for (i = 0; i < REGION_COUNT; i++)
		if (regions[i].code == code)
			return i;
	return -1;
}

static int
cmp_county(const void *key, const void *elem)
{
	int			code = *(const int *) key;
	int			other = ((const RegionCounty *) elem)->code;

	return code < other ? -1 : code > other;
}

/*
 * A district or county counts as its city: a profile holds regions at city
 * level, so a district and its city score the same.
 */
int
region_lookup(const char *s, int len)
{
	int			i;
	int			digits = 0;

	/* s is not NUL-terminated (a text's data): look at len bytes only */
	while (digits < len && digits < 6 && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	if (len == 6 && digits == 6)
	{
		int			code = atoi(pnstrdup(s, 6));
		const RegionCounty *c;

		if ((i = city_index(code)) >= 0)
			return i;
		c = bsearch(&code, region_counties, region_ncounties, sizeof(RegionCounty), cmp_county);
		return c ? city_index(c->city) : -1;
	}
	for (i = 0; i < REGION_COUNT; i++)
	{
		const Region *r = &regions[i];
		int			zl = strlen(r->zh);

		if (eq_len(s, len, r->zh, false) || eq_len(s, len, r->en, true))
			return i;
		if (len == zl + (int) strlen(r->suffix) &&
			memcmp(s, r->zh, zl) == 0 && memcmp(s + zl, r->suffix, len - zl) == 0)
			return i;
	}
	for (i = 0; i < region_ncounties; i++)
		if (region_counties[i].name && eq_len(s, len, region_counties[i].name, false))
			return city_index(region_counties[i].city);
	return -1;
}

/* What to write instead of an unknown region s (len bytes) */
static char *
region_hint(const char *s, int len)
{
	int			city;

	if (len > 0 && s[0] == '{')
		return pstrdup("A demand names one region, without braces (region=440300); a supply lists the regions it serves in braces (regions={440300,440100}).");
	if (len == 6 && strspn(pnstrdup(s, len), "0123456789") == 6)
	{
		if (s[0] != '4' || s[1] != '4')
			return pstrdup("Only Guangdong's codes (44xxxx) are covered: the province, its cities, and their districts and counties.");
		city = city_index(atoi(pnstrdup(s, 4)) * 100);
		if (city >= 0)
			return psprintf("%d is %s: write that code, or the code of one of its districts or counties, which count as the city.",
							regions[city].code, region_name(city));
	}
	return pstrdup("Write a GB/T 2260 code, a Chinese name (深圳, 深圳市, 福田区) or a city's English name (Shenzhen); a district or county counts as its city.");
}

int
region_parse(const char *s, int len)
{
	int			i = region_lookup(s, len);

	if (i < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region: \"%s\"", pnstrdup(s, len)),
				 errdetail("A region is Guangdong province (440000), one of its 21 prefecture-level cities or one of their %d districts, counties and county-level cities.",
						   region_ncounties),
				 errhint("%s", region_hint(s, len))));
	return i;
}

int
region_code(int idx)
{
	return regions[idx].code;
}

const char *
region_name(int idx)
{
	return psprintf("%s%s", regions[idx].zh, regions[idx].suffix);
}

/*
 * Region criterion: the best relation between the demand's region and any
 * region the supplier serves.  Monotone in the supply set (a maximum over its
 * members), so the index may score a union of sets.
 *   1.0  served: the same region, or the supplier serves the whole province
 *   0.7  the demand is province-wide and the supplier serves part of it
 *   0.5  a city in the same zone of the provincial plan
 *   0.2  elsewhere in Guangdong
 */
double
region_score(uint32 demand, uint32 supply, const char **relation, int *best_supply)
{
	double		best = 0.0;
	const char *rel = "none";
	int			i,
				j;

	for (i = 0; i < REGION_COUNT; i++)
	{
		if (!(demand & (1u << i)))
			continue;
		for (j = 0; j < REGION_COUNT; j++)
		{
			double		v;
			const char *r;

			if (!(supply & (1u << j)))
				continue;
			if (i == j)
				v = 1.0, r = "same region";
			else if (j == REGION_PROVINCE)
				v = 1.0, r = "supplier serves the whole province";
			else if (i == REGION_PROVINCE)
				v = 0.7, r = "supplier serves part of the province";
			else if (regions[i].zone == regions[j].zone)
				v = 0.5, r = "same zone of the province";
			else
				v = 0.2, r = "elsewhere in the province";
			if (v > best)
			{
				best = v, rel = r;
				if (best_supply)
					*best_supply = j;
			}
		}
	}
	if (relation)
		*relation = rel;
	return best;
}
