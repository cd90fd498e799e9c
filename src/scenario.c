/*
 * scenario.c
 *	  Module magic and the library's load-time set-up (the version functions
 *	  are in version.c).
 */
#include "scenario.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Settings of the modules, defined when the library loads. */
void
_PG_init(void)
{
	assign_init();
	classifier_cache_init();
	classifier_init();
}
