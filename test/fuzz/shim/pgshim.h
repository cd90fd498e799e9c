/*
 * pgshim.h
 *	  What the fuzz harness needs from the backend substitute (pgshim.c).
 */
#ifndef PGSHIM_H
#define PGSHIM_H

#include "postgres.h"

/* SQLSTATE and text of the last ERROR raised (valid after a longjmp). */
extern int	pgshim_error_sqlstate;
extern char pgshim_error_message[1024];

/* Free everything palloc'd since the last reset (once per input). */
extern void pgshim_reset_memory(void);

/* Strict UTF-8 check, the one the server applies before any input function. */
extern bool pgshim_valid_utf8(const char *s, int len);

#endif							/* PGSHIM_H */
