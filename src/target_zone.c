/*
 * target_zone.c
 *	  The time zone a target counts its days in, and the day of a
 *	  timestamptz there.
 *
 * A target's days are calendar days of its programme's time zone, never of
 * the session's: a tracking built on any node (a parallel worker, a Citus
 * worker whose TimeZone differs from the coordinator's) holds the same days,
 * so the aggregates over timestamptz are IMMUTABLE.  The zone is part of the
 * value, in Target.zone: 0 is the default, Asia/Shanghai (the programmes are
 * Chinese provincial programmes), else the position + 1 of its name in
 * target_zones.  That list holds the zone and link names of the IANA time
 * zone database (tzdata 2025b) except Asia/Shanghai (code 0) and Factory; it
 * is append only: stored values hold positions, so never reorder or remove
 * a name, add new ones at the end.  Names are read case-insensitively and
 * printed as the list spells them; a name must also be known to the server's
 * own time zone data (pg_tzset), checked when a target is read and when its
 * days are counted.
 */
#include "target.h"

#include "datatype/timestamp.h"
#include "pgtime.h"
#include "utils/datetime.h"
#include "utils/timestamp.h"

#define TARGET_DEFAULT_ZONE_NAME	"Asia/Shanghai"

/* append only: a target stores the position + 1 of its zone's name */
static const char *const target_zones[] = {
	"Africa/Abidjan", "Africa/Accra", "Africa/Addis_Ababa", "Africa/Algiers",
	"Africa/Asmara", "Africa/Asmera", "Africa/Bamako", "Africa/Bangui",
	"Africa/Banjul", "Africa/Bissau", "Africa/Blantyre", "Africa/Brazzaville",
	"Africa/Bujumbura", "Africa/Cairo", "Africa/Casablanca", "Africa/Ceuta",
	"Africa/Conakry", "Africa/Dakar", "Africa/Dar_es_Salaam",
	"Africa/Djibouti", "Africa/Douala", "Africa/El_Aaiun", "Africa/Freetown",
	"Africa/Gaborone", "Africa/Harare", "Africa/Johannesburg", "Africa/Juba",
	"Africa/Kampala", "Africa/Khartoum", "Africa/Kigali", "Africa/Kinshasa",
	"Africa/Lagos", "Africa/Libreville", "Africa/Lome", "Africa/Luanda",
	"Africa/Lubumbashi", "Africa/Lusaka", "Africa/Malabo", "Africa/Maputo",
	"Africa/Maseru", "Africa/Mbabane", "Africa/Mogadishu", "Africa/Monrovia",
	"Africa/Nairobi", "Africa/Ndjamena", "Africa/Niamey", "Africa/Nouakchott",
	"Africa/Ouagadougou", "Africa/Porto-Novo", "Africa/Sao_Tome",
	"Africa/Timbuktu", "Africa/Tripoli", "Africa/Tunis", "Africa/Windhoek",
	"America/Adak", "America/Anchorage", "America/Anguilla", "America/Antigua",
	"America/Araguaina", "America/Argentina/Buenos_Aires",
	"America/Argentina/Catamarca", "America/Argentina/ComodRivadavia",
	"America/Argentina/Cordoba", "America/Argentina/Jujuy",
	"America/Argentina/La_Rioja", "America/Argentina/Mendoza",
	"America/Argentina/Rio_Gallegos", "America/Argentina/Salta",
	"America/Argentina/San_Juan", "America/Argentina/San_Luis",
	"America/Argentina/Tucuman", "America/Argentina/Ushuaia", "America/Aruba",
	"America/Asuncion", "America/Atikokan", "America/Atka", "America/Bahia",
	"America/Bahia_Banderas", "America/Barbados", "America/Belem",
	"America/Belize", "America/Blanc-Sablon", "America/Boa_Vista",
	"America/Bogota", "America/Boise", "America/Buenos_Aires",
	"America/Cambridge_Bay", "America/Campo_Grande", "America/Cancun",
	"America/Caracas", "America/Catamarca", "America/Cayenne",
	"America/Cayman", "America/Chicago", "America/Chihuahua",
	"America/Ciudad_Juarez", "America/Coral_Harbour", "America/Cordoba",
	"America/Costa_Rica", "America/Coyhaique", "America/Creston",
	"America/Cuiaba", "America/Curacao", "America/Danmarkshavn",
	"America/Dawson", "America/Dawson_Creek", "America/Denver",
	"America/Detroit", "America/Dominica", "America/Edmonton",
	"America/Eirunepe", "America/El_Salvador", "America/Ensenada",
	"America/Fort_Nelson", "America/Fort_Wayne", "America/Fortaleza",
	"America/Glace_Bay", "America/Godthab", "America/Goose_Bay",
	"America/Grand_Turk", "America/Grenada", "America/Guadeloupe",
	"America/Guatemala", "America/Guayaquil", "America/Guyana",
	"America/Halifax", "America/Havana", "America/Hermosillo",
	"America/Indiana/Indianapolis", "America/Indiana/Knox",
	"America/Indiana/Marengo", "America/Indiana/Petersburg",
	"America/Indiana/Tell_City", "America/Indiana/Vevay",
	"America/Indiana/Vincennes", "America/Indiana/Winamac",
	"America/Indianapolis", "America/Inuvik", "America/Iqaluit",
	"America/Jamaica", "America/Jujuy", "America/Juneau",
	"America/Kentucky/Louisville", "America/Kentucky/Monticello",
	"America/Knox_IN", "America/Kralendijk", "America/La_Paz", "America/Lima",
	"America/Los_Angeles", "America/Louisville", "America/Lower_Princes",
	"America/Maceio", "America/Managua", "America/Manaus", "America/Marigot",
	"America/Martinique", "America/Matamoros", "America/Mazatlan",
	"America/Mendoza", "America/Menominee", "America/Merida",
	"America/Metlakatla", "America/Mexico_City", "America/Miquelon",
	"America/Moncton", "America/Monterrey", "America/Montevideo",
	"America/Montreal", "America/Montserrat", "America/Nassau",
	"America/New_York", "America/Nipigon", "America/Nome", "America/Noronha",
	"America/North_Dakota/Beulah", "America/North_Dakota/Center",
	"America/North_Dakota/New_Salem", "America/Nuuk", "America/Ojinaga",
	"America/Panama", "America/Pangnirtung", "America/Paramaribo",
	"America/Phoenix", "America/Port-au-Prince", "America/Port_of_Spain",
	"America/Porto_Acre", "America/Porto_Velho", "America/Puerto_Rico",
	"America/Punta_Arenas", "America/Rainy_River", "America/Rankin_Inlet",
	"America/Recife", "America/Regina", "America/Resolute",
	"America/Rio_Branco", "America/Rosario", "America/Santa_Isabel",
	"America/Santarem", "America/Santiago", "America/Santo_Domingo",
	"America/Sao_Paulo", "America/Scoresbysund", "America/Shiprock",
	"America/Sitka", "America/St_Barthelemy", "America/St_Johns",
	"America/St_Kitts", "America/St_Lucia", "America/St_Thomas",
	"America/St_Vincent", "America/Swift_Current", "America/Tegucigalpa",
	"America/Thule", "America/Thunder_Bay", "America/Tijuana",
	"America/Toronto", "America/Tortola", "America/Vancouver",
	"America/Virgin", "America/Whitehorse", "America/Winnipeg",
	"America/Yakutat", "America/Yellowknife", "Antarctica/Casey",
	"Antarctica/Davis", "Antarctica/DumontDUrville", "Antarctica/Macquarie",
	"Antarctica/Mawson", "Antarctica/McMurdo", "Antarctica/Palmer",
	"Antarctica/Rothera", "Antarctica/South_Pole", "Antarctica/Syowa",
	"Antarctica/Troll", "Antarctica/Vostok", "Arctic/Longyearbyen",
	"Asia/Aden", "Asia/Almaty", "Asia/Amman", "Asia/Anadyr", "Asia/Aqtau",
	"Asia/Aqtobe", "Asia/Ashgabat", "Asia/Ashkhabad", "Asia/Atyrau",
	"Asia/Baghdad", "Asia/Bahrain", "Asia/Baku", "Asia/Bangkok",
	"Asia/Barnaul", "Asia/Beirut", "Asia/Bishkek", "Asia/Brunei",
	"Asia/Calcutta", "Asia/Chita", "Asia/Choibalsan", "Asia/Chongqing",
	"Asia/Chungking", "Asia/Colombo", "Asia/Dacca", "Asia/Damascus",
	"Asia/Dhaka", "Asia/Dili", "Asia/Dubai", "Asia/Dushanbe", "Asia/Famagusta",
	"Asia/Gaza", "Asia/Harbin", "Asia/Hebron", "Asia/Ho_Chi_Minh",
	"Asia/Hong_Kong", "Asia/Hovd", "Asia/Irkutsk", "Asia/Istanbul",
	"Asia/Jakarta", "Asia/Jayapura", "Asia/Jerusalem", "Asia/Kabul",
	"Asia/Kamchatka", "Asia/Karachi", "Asia/Kashgar", "Asia/Kathmandu",
	"Asia/Katmandu", "Asia/Khandyga", "Asia/Kolkata", "Asia/Krasnoyarsk",
	"Asia/Kuala_Lumpur", "Asia/Kuching", "Asia/Kuwait", "Asia/Macao",
	"Asia/Macau", "Asia/Magadan", "Asia/Makassar", "Asia/Manila",
	"Asia/Muscat", "Asia/Nicosia", "Asia/Novokuznetsk", "Asia/Novosibirsk",
	"Asia/Omsk", "Asia/Oral", "Asia/Phnom_Penh", "Asia/Pontianak",
	"Asia/Pyongyang", "Asia/Qatar", "Asia/Qostanay", "Asia/Qyzylorda",
	"Asia/Rangoon", "Asia/Riyadh", "Asia/Saigon", "Asia/Sakhalin",
	"Asia/Samarkand", "Asia/Seoul", "Asia/Singapore", "Asia/Srednekolymsk",
	"Asia/Taipei", "Asia/Tashkent", "Asia/Tbilisi", "Asia/Tehran",
	"Asia/Tel_Aviv", "Asia/Thimbu", "Asia/Thimphu", "Asia/Tokyo", "Asia/Tomsk",
	"Asia/Ujung_Pandang", "Asia/Ulaanbaatar", "Asia/Ulan_Bator", "Asia/Urumqi",
	"Asia/Ust-Nera", "Asia/Vientiane", "Asia/Vladivostok", "Asia/Yakutsk",
	"Asia/Yangon", "Asia/Yekaterinburg", "Asia/Yerevan", "Atlantic/Azores",
	"Atlantic/Bermuda", "Atlantic/Canary", "Atlantic/Cape_Verde",
	"Atlantic/Faeroe", "Atlantic/Faroe", "Atlantic/Jan_Mayen",
	"Atlantic/Madeira", "Atlantic/Reykjavik", "Atlantic/South_Georgia",
	"Atlantic/St_Helena", "Atlantic/Stanley", "Australia/ACT",
	"Australia/Adelaide", "Australia/Brisbane", "Australia/Broken_Hill",
	"Australia/Canberra", "Australia/Currie", "Australia/Darwin",
	"Australia/Eucla", "Australia/Hobart", "Australia/LHI",
	"Australia/Lindeman", "Australia/Lord_Howe", "Australia/Melbourne",
	"Australia/NSW", "Australia/North", "Australia/Perth",
	"Australia/Queensland", "Australia/South", "Australia/Sydney",
	"Australia/Tasmania", "Australia/Victoria", "Australia/West",
	"Australia/Yancowinna", "Brazil/Acre", "Brazil/DeNoronha", "Brazil/East",
	"Brazil/West", "CET", "CST6CDT", "Canada/Atlantic", "Canada/Central",
	"Canada/Eastern", "Canada/Mountain", "Canada/Newfoundland",
	"Canada/Pacific", "Canada/Saskatchewan", "Canada/Yukon",
	"Chile/Continental", "Chile/EasterIsland", "Cuba", "EET", "EST", "EST5EDT",
	"Egypt", "Eire", "Etc/GMT", "Etc/GMT+0", "Etc/GMT+1", "Etc/GMT+10",
	"Etc/GMT+11", "Etc/GMT+12", "Etc/GMT+2", "Etc/GMT+3", "Etc/GMT+4",
	"Etc/GMT+5", "Etc/GMT+6", "Etc/GMT+7", "Etc/GMT+8", "Etc/GMT+9",
	"Etc/GMT-0", "Etc/GMT-1", "Etc/GMT-10", "Etc/GMT-11", "Etc/GMT-12",
	"Etc/GMT-13", "Etc/GMT-14", "Etc/GMT-2", "Etc/GMT-3", "Etc/GMT-4",
	"Etc/GMT-5", "Etc/GMT-6", "Etc/GMT-7", "Etc/GMT-8", "Etc/GMT-9",
	"Etc/GMT0", "Etc/Greenwich", "Etc/UCT", "Etc/UTC", "Etc/Universal",
	"Etc/Zulu", "Europe/Amsterdam", "Europe/Andorra", "Europe/Astrakhan",
	"Europe/Athens", "Europe/Belfast", "Europe/Belgrade", "Europe/Berlin",
	"Europe/Bratislava", "Europe/Brussels", "Europe/Bucharest",
	"Europe/Budapest", "Europe/Busingen", "Europe/Chisinau",
	"Europe/Copenhagen", "Europe/Dublin", "Europe/Gibraltar",
	"Europe/Guernsey", "Europe/Helsinki", "Europe/Isle_of_Man",
	"Europe/Istanbul", "Europe/Jersey", "Europe/Kaliningrad", "Europe/Kiev",
	"Europe/Kirov", "Europe/Kyiv", "Europe/Lisbon", "Europe/Ljubljana",
	"Europe/London", "Europe/Luxembourg", "Europe/Madrid", "Europe/Malta",
	"Europe/Mariehamn", "Europe/Minsk", "Europe/Monaco", "Europe/Moscow",
	"Europe/Nicosia", "Europe/Oslo", "Europe/Paris", "Europe/Podgorica",
	"Europe/Prague", "Europe/Riga", "Europe/Rome", "Europe/Samara",
	"Europe/San_Marino", "Europe/Sarajevo", "Europe/Saratov",
	"Europe/Simferopol", "Europe/Skopje", "Europe/Sofia", "Europe/Stockholm",
	"Europe/Tallinn", "Europe/Tirane", "Europe/Tiraspol", "Europe/Ulyanovsk",
	"Europe/Uzhgorod", "Europe/Vaduz", "Europe/Vatican", "Europe/Vienna",
	"Europe/Vilnius", "Europe/Volgograd", "Europe/Warsaw", "Europe/Zagreb",
	"Europe/Zaporozhye", "Europe/Zurich", "GB", "GB-Eire", "GMT", "GMT+0",
	"GMT-0", "GMT0", "Greenwich", "HST", "Hongkong", "Iceland",
	"Indian/Antananarivo", "Indian/Chagos", "Indian/Christmas", "Indian/Cocos",
	"Indian/Comoro", "Indian/Kerguelen", "Indian/Mahe", "Indian/Maldives",
	"Indian/Mauritius", "Indian/Mayotte", "Indian/Reunion", "Iran", "Israel",
	"Jamaica", "Japan", "Kwajalein", "Libya", "MET", "MST", "MST7MDT",
	"Mexico/BajaNorte", "Mexico/BajaSur", "Mexico/General", "NZ", "NZ-CHAT",
	"Navajo", "PRC", "PST8PDT", "Pacific/Apia", "Pacific/Auckland",
	"Pacific/Bougainville", "Pacific/Chatham", "Pacific/Chuuk",
	"Pacific/Easter", "Pacific/Efate", "Pacific/Enderbury", "Pacific/Fakaofo",
	"Pacific/Fiji", "Pacific/Funafuti", "Pacific/Galapagos", "Pacific/Gambier",
	"Pacific/Guadalcanal", "Pacific/Guam", "Pacific/Honolulu",
	"Pacific/Johnston", "Pacific/Kanton", "Pacific/Kiritimati",
	"Pacific/Kosrae", "Pacific/Kwajalein", "Pacific/Majuro",
	"Pacific/Marquesas", "Pacific/Midway", "Pacific/Nauru", "Pacific/Niue",
	"Pacific/Norfolk", "Pacific/Noumea", "Pacific/Pago_Pago", "Pacific/Palau",
	"Pacific/Pitcairn", "Pacific/Pohnpei", "Pacific/Ponape",
	"Pacific/Port_Moresby", "Pacific/Rarotonga", "Pacific/Saipan",
	"Pacific/Samoa", "Pacific/Tahiti", "Pacific/Tarawa", "Pacific/Tongatapu",
	"Pacific/Truk", "Pacific/Wake", "Pacific/Wallis", "Pacific/Yap", "Poland",
	"Portugal", "ROC", "ROK", "Singapore", "Turkey", "UCT", "US/Alaska",
	"US/Aleutian", "US/Arizona", "US/Central", "US/East-Indiana", "US/Eastern",
	"US/Hawaii", "US/Indiana-Starke", "US/Michigan", "US/Mountain",
	"US/Pacific", "US/Samoa", "UTC", "Universal", "W-SU", "WET", "Zulu"
};

#define N_ZONES ((int32) lengthof(target_zones))

/* The zone a name (len bytes, any case) names: its code, or -1. */
int32
target_zone_lookup(const char *name, int len)
{
	int32		i;

	if (len == (int) strlen(TARGET_DEFAULT_ZONE_NAME) &&
		pg_strncasecmp(name, TARGET_DEFAULT_ZONE_NAME, len) == 0)
		return 0;
	for (i = 0; i < N_ZONES; i++)
		if (pg_strncasecmp(name, target_zones[i], len) == 0 &&
			target_zones[i][len] == '\0')
			return i + 1;
	return -1;
}

bool
target_zone_valid(int32 zone)
{
	return zone >= 0 && zone <= N_ZONES;
}

/* The name of a zone code (a valid one). */
const char *
target_zone_name(int32 zone)
{
	Assert(target_zone_valid(zone));
	return zone == 0 ? TARGET_DEFAULT_ZONE_NAME : target_zones[zone - 1];
}

/*
 * The server's rules of a zone code: 22023 when its time zone data lacks
 * the name (a node with older tzdata than the name).
 */
pg_tz *
target_zone_tz(int32 zone)
{
	const char *name = target_zone_name(zone);
	pg_tz	   *tz = pg_tzset(name);

	if (tz == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("time zone \"%s\" is not known to this server", name),
				 errhint("The server's time zone data (tzdata) is older than the name: update it, or name another zone.")));
	return tz;
}

/*
 * The calendar day holding instant ts in zone tz.  22008 for infinite
 * instants, as for days outside the years targets know.
 */
DateADT
target_day_in_zone(TimestampTz ts, pg_tz *tz)
{
	struct pg_tm tm;
	fsec_t		fsec;
	int			tzoff;

	if (TIMESTAMP_NOT_FINITE(ts) ||
		timestamp2tm(ts, &tzoff, &tm, &fsec, NULL, tz) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("event day out of range for targets"),
				 errdetail("Targets work with the days of the years 0001 to 9999.")));
	return date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE;
}
