/*
 * asan_early_init.c
 *	  Preloaded after the AddressSanitizer runtime into the (uninstrumented)
 *	  Debian postgres binary by `./run asan`.
 *
 * Why: the runtime initialises itself lazily on the first malloc.  With
 * LD_PRELOAD that first malloc happens in libgpg-error's constructor, inside
 * bindtextdomain() while glibc holds its gettext lock; the runtime's set-up
 * calls dlerror(), which takes the same lock again, corrupts it, and the
 * server hangs in its own bindtextdomain() call.  Interposing bindtextdomain
 * lets us allocate once before glibc takes the lock, so the runtime is ready.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>

char *bindtextdomain(const char *domainname, const char *dirname);

char *
bindtextdomain(const char *domainname, const char *dirname)
{
	static char *(*real) (const char *, const char *);
	void	   *volatile p = malloc(1);	/* volatile: the pair must not be
										 * optimised away */

	free(p);					/* the runtime is initialised now, lock-free */
	if (real == NULL)
		real = (char *(*) (const char *, const char *)) dlsym(RTLD_NEXT, "bindtextdomain");
	return real(domainname, dirname);
}
