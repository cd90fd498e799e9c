/*
 * feed.h
 *	  The real-time match feed: a trigger that sends the best matches of each
 *	  new or changed opportunity (or offer) as a NOTIFY (feed.c), configured
 *	  by key=value trigger arguments that are checked against the tables
 *	  (feed_args.c).
 */
#ifndef FEED_H
#define FEED_H

#include "scenario.h"

#include "utils/rel.h"

#define FEED_DEFAULT_CHANNEL "scenario_match"
#define FEED_DEFAULT_K		5
#define FEED_MAX_K			1000

/*
 * NOTIFY refuses a payload of this many bytes or more (the limit async.c
 * enforces, which it does not export).
 */
#define FEED_PAYLOAD_LIMIT	(BLCKSZ - NAMEDATALEN - 128)

/* What the rows of the trigger's table are. */
typedef enum FeedSide
{
	FEED_OPPORTUNITIES,			/* demand: matched against offers */
	FEED_OFFERS					/* supply: matched against open opportunities */
} FeedSide;

/* A trigger's arguments, resolved against its table and the other table. */
typedef struct FeedConfig
{
	FeedSide	side;
	Oid			relid;			/* the trigger's table */
	Oid			other_relid;	/* the table searched */
	AttrNumber	id_att;			/* of the trigger's table */
	AttrNumber	profile_att;	/* a ready profile, or InvalidAttrNumber */

	/* the profile built from columns: build_sql over $1..$nparams */
	int			nparams;
	AttrNumber *param_atts;
	Oid		   *param_types;
	char	   *build_sql;

	/*
	 * id and distance of the best k + 1 rows of the other table, $1 the
	 * profile; and of the best k with ties broken by id, when ids have an
	 * order (else NULL)
	 */
	char	   *search_sql;
	char	   *ties_sql;
	Oid			profile_type;	/* type of $1 */

	int			k;
	double		min_score;
	char		channel[NAMEDATALEN];
	const char *row_key;		/* payload key of the row's id */
	const char *list_key;		/* payload key of the matches */
} FeedConfig;

/*
 * Parse and check a trigger's arguments for a table; errors say what is
 * wrong (22023 bad argument, 42703 unknown column, 42P01 unknown table,
 * 42804 column of the wrong type, 0A000 a table of Citus or one of its
 * shards).  Allocates in the current context.
 */
extern FeedConfig *feed_config(Relation rel, Oid extnsp, int nargs, char **args);

/* 39P01 unless the trigger is AFTER ... FOR EACH ROW on INSERT/UPDATE only */
extern void feed_check_events(const char *trigname, uint16 tgtype);

#endif							/* FEED_H */
