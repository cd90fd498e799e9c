/*
 * dict_automaton.c
 *	  Aho-Corasick over the bytes of normalised UTF-8, for the dictionary
 *	  classifier: building it from keyword rows, and one pass over a text.
 *
 * Text and keywords go through the same normalisation (textfeat's folding,
 * runs of white space as one space), so a keyword matches whatever case or
 * width the text uses.  The automaton steps once per character (folded code
 * point), not per byte: Chinese is matched as characters with no
 * segmentation, and a Chinese character costs one transition, not three.  A keyword that starts (ends) with a
 * Latin letter or digit only matches where the text has no such character
 * just before (after) it, so "ai" is not found in "email".
 *
 * Overlaps: of the matches ending at one place the longest valid one is
 * taken, and a match lying inside a longer match is dropped (工业机器人
 * hides its 机器人, eVTOL city flights hide nothing of 城市); matches that
 * only partly overlap both count.  A match is final once no later match can
 * contain it: once it starts before every keyword prefix the automaton's
 * state still holds open (see candidate()).
 *
 * Transitions: the root's in a table over the BMP (the root is where a
 * scan returns most often).  The trie is built with the others in an
 * open-addressing hash keyed by (state, code point), then renumbered
 * breadth first (compact()): a state's children get consecutive numbers in
 * order of their code point, so its transitions are one short ascending run
 * of label[], searched in place, and the states one character deep (the
 * ones a Chinese text visits most) are packed together at the front.  Each
 * state carries a 64-bit mask of its children's code points (low 6 bits)
 * and the union of the masks along its failure chain: most characters
 * match no child anywhere on the chain, and the chain mask sends them
 * straight to the root's table without touching another state
 * (docs/design/dict.md).
 */
#include "dict.h"

#include <math.h>

#include "miscadmin.h"
#include "textfeat.h"
#include "utils/memutils.h"

#define RING		512			/* > longest keyword in characters, power of 2 */
#define ROOT_SIZE	65536		/* the root's direct table: the BMP */
#define CHECK_EVERY	(1 << 16)	/* characters between interrupt checks */

void
dict_normalize(const char *s, int len, StringInfo out, int *nchars)
{
	const unsigned char *p = (const unsigned char *) s,
			   *end = p + len;
	bool		space = false;
	int			n = 0;

	while (p < end)
	{
		pg_wchar	c = textfeat_fold(utf8_to_unicode(p));
		unsigned char buf[8];

		p += pg_utf_mblen(p);
		if (textfeat_is_space(c))
		{
			space = out->len > 0;
			continue;
		}
		if (space)
		{
			appendStringInfoChar(out, ' ');
			n++;
			space = false;
		}
		unicode_to_utf8(c, buf);
		appendBinaryStringInfo(out, (char *) buf, pg_utf_mblen(buf));
		n++;
	}
	*nchars = n;
}

static inline bool
is_word(pg_wchar c)
{
	return textfeat_is_word_char(c) && !textfeat_is_cjk(c);
}

/* --- edges -------------------------------------------------------------- */

static inline uint32
edge_slot(uint32 state, uint32 cp, uint32 mask)
{
	return ((state * 0x9E3779B1u) ^ (cp * 0x85EBCA77u)) >> 5 & mask;
}

static inline int32
edge_get(const DictAutomaton *a, int32 state, pg_wchar cp)
{
	uint32		i = edge_slot(state, cp, a->emask);

	for (;;)
	{
		const DictEdge *e = &a->edges[i];

		if (e->next == 0)
			return 0;
		if (e->state == (uint32) state && e->cp == cp)
			return e->next;
		i = (i + 1) & a->emask;
	}
}

static void
edge_put(DictAutomaton *a, int32 state, pg_wchar cp, int32 next)
{
	uint32		i = edge_slot(state, cp, a->emask);

	while (a->edges[i].next != 0)
		i = (i + 1) & a->emask;
	a->edges[i].state = state;
	a->edges[i].cp = cp;
	a->edges[i].next = next;
}

/* The transition while building (hash); 0 = none. */
static inline int32
go_build(const DictAutomaton *a, int32 state, pg_wchar cp)
{
	if (state == 0 && cp < ROOT_SIZE)
		return a->root[cp];
	return edge_get(a, state, cp);
}

/*
 * The child of state s on cp in the compact layout, 0 = none: the labels
 * of its children are consecutive and ascending; most states have a few,
 * searched linearly, the others by bisection.
 */
static inline int32
go_child(const DictAutomaton *a, int32 s, pg_wchar cp)
{
	const DictState *st = &a->states[s];
	const uint32 *lab = a->label;
	int32		lo = st->first,
				n = st->nchild;

	if (!((st->mask >> (cp & 63)) & 1))
		return 0;
	if (n <= 8)
	{
		for (int32 i = lo, e = lo + n; i < e; i++)
			if (lab[i] == cp)
				return i;
		return 0;
	}
	else
	{
		int32		hi = lo + n - 1;

		while (lo <= hi)
		{
			int32		mid = (lo + hi) >> 1;

			if (lab[mid] == cp)
				return mid;
			if (lab[mid] < cp)
				lo = mid + 1;
			else
				hi = mid - 1;
		}
		return 0;
	}
}

/* --- build -------------------------------------------------------------- */

int
dict_norm_cmp(const DictEntry *a, const DictEntry *b)
{
	int			c = memcmp(a->norm, b->norm, Min(a->normlen, b->normlen));

	if (c != 0)
		return c;
	return a->normlen < b->normlen ? -1 : a->normlen > b->normlen ? 1 : 0;
}

static int
entry_cmp(const void *x, const void *y)
{
	const DictEntry *a = x,
			   *b = y;
	int			c = dict_norm_cmp(a, b);

	if (c != 0)
		return c;
	if (a->target != b->target)
		return a->target < b->target ? -1 : 1;
	return strcmp(a->keyword, b->keyword);
}

static int
sector_cmp(const void *x, const void *y)
{
	Sector		a = *(const Sector *) x,
				b = *(const Sector *) y;

	return a < b ? -1 : a > b ? 1 : 0;
}

static int32
sector_index(const DictAutomaton *a, Sector s)
{
	int			lo = 0,
				hi = a->nsectors - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (a->sectors[mid] == s)
			return mid;
		if (a->sectors[mid] < s)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	elog(ERROR, "dictionary sector missing from its own list");
	return -1;
}

/*
 * The trie under construction: child lists and labels are needed only
 * until the failure links are set, so they live here, not in the automaton.
 */
typedef struct Builder
{
	DictAutomaton *a;
	int32		cap;			/* allocated states */
	int32		nedges;			/* edges in the hash (not the root's) */
	int32	   *first_child;
	int32	   *next_sibling;
	pg_wchar   *label;
} Builder;

/* The distinct target sectors, sorted, for sector_index(). */
static void
build_sectors(DictAutomaton *a, const DictEntry *e, int n)
{
	int			ns = 0;

	a->sectors = palloc(sizeof(Sector) * Max(n, 1));
	for (int i = 0; i < n; i++)
		a->sectors[ns++] = e[i].target;
	qsort(a->sectors, ns, sizeof(Sector), sector_cmp);
	a->nsectors = 0;
	for (int i = 0; i < ns; i++)
		if (a->nsectors == 0 || a->sectors[a->nsectors - 1] != a->sectors[i])
			a->sectors[a->nsectors++] = a->sectors[i];
}

/*
 * The length of a keyword for its evidence: a Chinese (any non-Latin)
 * character is one unit, a Latin word two, whatever its letters ("drone"
 * weighs as much as 无人机, not as five characters).
 */
static int
keyword_units(const char *norm, int len)
{
	const unsigned char *q = (const unsigned char *) norm,
			   *end = q + len;
	int			units = 0;
	bool		in_word = false;

	while (q < end)
	{
		pg_wchar	c = utf8_to_unicode(q);

		q += pg_utf_mblen(q);
		if (is_word(c))
		{
			if (!in_word)
				units += 2;
			in_word = true;
			continue;
		}
		in_word = false;
		if (c != ' ' && c >= 0x80)
			units++;
	}
	return units;
}

/*
 * The targets of one pattern: rows e[i..j) share its normalised keyword;
 * the same sector twice (a keyword spelt twice) keeps the larger weight.
 * Rows of weight 0 give no target (the pattern may have none: it still
 * matches and hides what lies inside it).  A keyword of several sectors
 * splits its evidence: each target gets its weight times strongest / sum
 * of the weights, so a term shared by n equal sectors counts 1/n for each
 * (docs/design/dict.md).
 */
static int32
pattern_targets(DictAutomaton *a, DictPattern *p, const DictEntry *e, int i, int j)
{
	int32		ntargets = 0;
	double		sum = 0,
				max = 0;
	double		len = 1.0 + log((double) Max(keyword_units(e[i].norm, e[i].normlen), 1));

	for (int k = i; k < j; k++)
	{
		double		c = e[k].weight * len;
		DictTarget *last = &a->targets[p->first_target + ntargets - 1];

		if (!(c > 0))
			continue;
		if (ntargets > 0 && a->sectors[last->sector] == e[k].target)
		{
			last->contrib = Max(last->contrib, c);
			continue;
		}
		a->targets[p->first_target + ntargets].sector = sector_index(a, e[k].target);
		a->targets[p->first_target + ntargets].contrib = c;
		ntargets++;
	}
	for (int t = 0; t < ntargets; t++)
	{
		sum += a->targets[p->first_target + t].contrib;
		max = Max(max, a->targets[p->first_target + t].contrib);
	}
	for (int t = 0; t < ntargets; t++)
		a->targets[p->first_target + t].contrib *= max / sum;
	return ntargets;
}

/* Whether the keyword starts and ends with a word (Latin) character. */
static void
pattern_bounds(DictPattern *p, const unsigned char *q, int len)
{
	pg_wchar	cl = 0;

	for (int k = len - 1; k >= 0; k--)
		if ((q[k] & 0xC0) != 0x80)
		{
			cl = utf8_to_unicode(q + k);
			break;
		}
	p->lead = is_word(utf8_to_unicode(q));
	p->trail = is_word(cl);
}

/* Double the edge hash and rehash every edge into it. */
static void
grow_edges(DictAutomaton *a)
{
	DictEdge   *old_edges = a->edges;
	uint32		omask = a->emask;
	uint32		ecap = (omask + 1) * 2;

	a->edges = MemoryContextAllocHuge(a->cxt, sizeof(DictEdge) * ecap);
	memset(a->edges, 0, sizeof(DictEdge) * ecap);
	a->emask = ecap - 1;
	for (uint32 k = 0; k <= omask; k++)
		if (old_edges[k].next != 0)
			edge_put(a, old_edges[k].state, old_edges[k].cp, old_edges[k].next);
	pfree(old_edges);
}

/* A new state under state, reached by cp. */
static int32
new_state(Builder *b, int32 state, pg_wchar cp)
{
	DictAutomaton *a = b->a;
	int32		next;

	if (a->nstates >= DICT_MAX_STATES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the keyword dictionary is too large"),
				 errdetail("An automaton has at most %d states.", DICT_MAX_STATES)));
	if (a->nstates == b->cap)
	{
		b->cap *= 2;
		a->fail = repalloc_huge(a->fail, sizeof(int32) * b->cap);
		a->out = repalloc_huge(a->out, sizeof(int32) * b->cap);
		a->depth = repalloc_huge(a->depth, sizeof(int32) * b->cap);
		b->first_child = repalloc_huge(b->first_child, sizeof(int32) * b->cap);
		b->next_sibling = repalloc_huge(b->next_sibling, sizeof(int32) * b->cap);
		b->label = repalloc_huge(b->label, sizeof(pg_wchar) * b->cap);
	}
	next = a->nstates++;
	a->out[next] = -1;
	a->depth[next] = a->depth[state] + 1;
	b->first_child[next] = 0;
	b->label[next] = cp;
	b->next_sibling[next] = b->first_child[state];
	b->first_child[state] = next;
	if (state == 0 && cp < ROOT_SIZE)
		a->root[cp] = next;
	else
	{
		if ((b->nedges + 1) * 2 > (int32) (a->emask + 1))
			grow_edges(a);
		edge_put(a, state, cp, next);
		b->nedges++;
	}
	return next;
}

/* Insert a normalised keyword, a character at a time; its final state. */
static int32
trie_insert(Builder *b, const unsigned char *q, int len)
{
	int32		state = 0;

	for (const unsigned char *qe = q + len; q < qe; q += pg_utf_mblen(q))
	{
		pg_wchar	cp = utf8_to_unicode(q);
		int32		next = go_build(b->a, state, cp);

		state = next != 0 ? next : new_state(b, state, cp);
	}
	return state;
}

/* Failure and dictionary links, breadth first from the root. */
static void
link_failures(Builder *b)
{
	DictAutomaton *a = b->a;
	int32	   *queue = palloc(sizeof(int32) * a->nstates);
	int			head = 0,
				tail = 0;

	a->dict = palloc(sizeof(int32) * a->nstates);
	a->fail[0] = 0;
	a->dict[0] = 0;
	for (int32 c = b->first_child[0]; c != 0; c = b->next_sibling[c])
	{
		a->fail[c] = 0;
		a->dict[c] = 0;
		queue[tail++] = c;
	}
	while (head < tail)
	{
		int32		s = queue[head++];

		for (int32 c = b->first_child[s]; c != 0; c = b->next_sibling[c])
		{
			int32		f = a->fail[s],
						g;

			for (;;)
			{
				g = go_build(a, f, b->label[c]);
				if (g != 0 || f == 0)
					break;
				f = a->fail[f];
			}
			a->fail[c] = g;
			a->dict[c] = a->out[g] >= 0 ? g : a->dict[g];
			queue[tail++] = c;
		}
	}
	pfree(queue);
}

typedef struct LabelledState
{
	pg_wchar	label;
	int32		state;
} LabelledState;

static int
labelled_cmp(const void *x, const void *y)
{
	const LabelledState *a = x,
			   *b = y;

	return a->label < b->label ? -1 : a->label > b->label ? 1 : 0;
}

/*
 * Renumber the states breadth first, each state's children consecutive
 * and in order of their label, and lay out the scan's arrays (states,
 * label) in that numbering; the build's hash and child lists go.
 */
static void
compact(Builder *b)
{
	DictAutomaton *a = b->a;
	int32		n = a->nstates;
	int32	   *order = palloc(sizeof(int32) * n);
	int32	   *newid = palloc(sizeof(int32) * n);
	LabelledState *kids = palloc(sizeof(LabelledState) * n);
	int32	   *out = MemoryContextAllocHuge(a->cxt, sizeof(int32) * n);
	int32	   *dict = MemoryContextAllocHuge(a->cxt, sizeof(int32) * n);
	int32	   *depth = MemoryContextAllocHuge(a->cxt, sizeof(int32) * n);
	int			head = 0,
				tail = 1;

	a->states = MemoryContextAllocHuge(a->cxt, sizeof(DictState) * n);
	a->label = MemoryContextAllocHuge(a->cxt, sizeof(uint32) * n);
	order[0] = 0;
	newid[0] = 0;
	a->label[0] = 0;
	while (head < tail)
	{
		int32		s = order[head++];
		int			k = 0;

		for (int32 c = b->first_child[s]; c != 0; c = b->next_sibling[c])
		{
			kids[k].label = b->label[c];
			kids[k].state = c;
			k++;
		}
		if (k > 1)
			qsort(kids, k, sizeof(LabelledState), labelled_cmp);
		a->states[newid[s]].first = tail;
		a->states[newid[s]].nchild = k;
		a->states[newid[s]].mask = 0;
		for (int i = 0; i < k; i++)
		{
			a->states[newid[s]].mask |= UINT64CONST(1) << (kids[i].label & 63);
			order[tail] = kids[i].state;
			newid[kids[i].state] = tail;
			a->label[tail] = kids[i].label;
			tail++;
		}
	}
	Assert(tail == n);
	for (int32 s = 0; s < n; s++)
	{
		int32		t = newid[s];

		a->states[t].fail = newid[a->fail[s]];
		out[t] = a->out[s];
		dict[t] = newid[a->dict[s]];
		depth[t] = a->depth[s];
		a->states[t].hit = (out[t] >= 0 || dict[t] != 0);
	}
	/* breadth first: a state's failure target (shallower) is done before it */
	a->states[0].chain = 0;
	for (int32 t = 1; t < n; t++)
		a->states[t].chain = a->states[t].mask | a->states[a->states[t].fail].chain;
	for (int cp = 0; cp < ROOT_SIZE; cp++)
		if (a->root[cp] != 0)
			a->root[cp] = newid[a->root[cp]];
	pfree(a->out);
	pfree(a->dict);
	pfree(a->depth);
	pfree(a->fail);
	pfree(a->edges);
	a->out = out;
	a->dict = dict;
	a->depth = depth;
	a->fail = NULL;
	a->edges = NULL;
	a->emask = 0;
	pfree(kids);
	pfree(newid);
	pfree(order);
}

DictAutomaton *
dict_build(DictEntry *e, int n, MemoryContext cxt)
{
	MemoryContext old = MemoryContextSwitchTo(cxt);
	DictAutomaton *a = palloc0(sizeof(DictAutomaton));
	Builder		b;

	a->cxt = cxt;
	qsort(e, n, sizeof(DictEntry), entry_cmp);
	build_sectors(a, e, n);

	/* patterns (one per distinct normalised keyword) and their targets */
	a->patterns = palloc(sizeof(DictPattern) * Max(n, 1));
	a->targets = palloc(sizeof(DictTarget) * Max(n, 1));
	b.a = a;
	b.cap = 1024;
	b.nedges = 0;
	a->edges = palloc0(sizeof(DictEdge) * 2048);
	a->emask = 2048 - 1;
	a->root = palloc0(sizeof(int32) * ROOT_SIZE);
	a->fail = palloc(sizeof(int32) * b.cap);
	a->out = palloc(sizeof(int32) * b.cap);
	a->depth = palloc(sizeof(int32) * b.cap);
	a->depth[0] = 0;
	b.first_child = palloc(sizeof(int32) * b.cap);
	b.next_sibling = palloc(sizeof(int32) * b.cap);
	b.label = palloc(sizeof(pg_wchar) * b.cap);
	a->nstates = 1;
	a->out[0] = -1;
	b.first_child[0] = 0;

	for (int i = 0, j; i < n; i = j)
	{
		DictPattern *p = &a->patterns[a->npatterns];
		const DictEntry *last;
		int32		state;

		CHECK_FOR_INTERRUPTS();
		for (j = i; j < n && e[j].normlen == e[i].normlen &&
			 memcmp(e[j].norm, e[i].norm, e[i].normlen) == 0; j++)
			;
		last = &e[j - 1];
		p->len = e[i].nchars;
		p->first_target = a->nkeywords;
		p->keyword = e[i].keyword;
		p->role = DICT_ROLE_NONE;
		p->activity = DICT_ACTIVITY_NONE;
		p->head = false;
		p->org = false;
		for (int k = i; k < j; k++)
		{
			p->role = Max(p->role, e[k].role);
			p->activity = Max(p->activity, e[k].activity);
			p->head |= e[k].head;
			p->org |= e[k].org;
		}
		a->has_roles |= p->role != DICT_ROLE_NONE;
		for (int k = i; k < j; k++)
		{
			if (e[k].activity == DICT_ACTIVITY_MAKE && e[k].weight > 0)
				(void) sector_ancestor_internal(e[k].target, 1, &a->making);
			else if (e[k].activity == DICT_ACTIVITY_BUYER)
				a->buyer = e[k].target;
		}
		p->ntargets = pattern_targets(a, p, e, i, j);
		p->plain = p->ntargets > 0 && p->role == DICT_ROLE_NONE && p->activity == DICT_ACTIVITY_NONE;
		pattern_bounds(p, (const unsigned char *) last->norm, last->normlen);
		/* (the insert may move a->out: no a->out[...] = around it) */
		state = trie_insert(&b, (const unsigned char *) last->norm, last->normlen);
		a->out[state] = a->npatterns;
		a->maxlen = Max(a->maxlen, p->len);
		a->nkeywords += p->ntargets;
		a->npatterns++;
	}

	link_failures(&b);
	compact(&b);
	pfree(b.first_child);
	pfree(b.next_sibling);
	pfree(b.label);

	a->counts = palloc0(sizeof(int32) * Max(a->npatterns, 1));
	a->touched = palloc(sizeof(int32) * Max(a->npatterns, 1));
	a->ntouched = 0;
	a->placed = palloc(sizeof(DictPlace) * DICT_MAX_PLACED);
	a->factor = palloc(sizeof(double) * Max(a->npatterns, 1));
	a->nplaced = 0;
	MemoryContextSwitchTo(old);
	return a;
}

/* --- scan --------------------------------------------------------------- */

typedef struct Tentative
{
	int64		start;
	int64		end;
	int32		pattern;
	int32		clause;
} Tentative;

typedef struct ScanState
{
	DictAutomaton *a;
	bool		before[RING];	/* is the character before offset i a word character */
	Tentative	tent[RING];
	int			ntent;
	int32		clause;			/* clause delimiters seen so far */
} ScanState;

static inline void
accept(ScanState *st, const Tentative *t)
{
	DictAutomaton *a = st->a;

	if (a->counts[t->pattern]++ == 0)
		a->touched[a->ntouched++] = t->pattern;
	if (a->nplaced < DICT_MAX_PLACED)
	{
		a->placed[a->nplaced].pattern = t->pattern;
		a->placed[a->nplaced].start = (int32) Min(t->start, PG_INT32_MAX);
		a->placed[a->nplaced].clause = t->clause;
	}
	if (a->nplaced <= DICT_MAX_PLACED)
		a->nplaced++;
}

/* Whether a character ends a clause for the role cues. */
static inline bool
clause_end(pg_wchar c)
{
	switch (c)
	{
		case ',':
		case ';':
		case ':':
		case '.':
		case '!':
		case '?':
		case '|':				/* a title's separator: 场景需求｜某厂 */
		case 0x3002:			/* 。 */
		case 0xFF0C:			/* ， */
		case 0xFF1B:			/* ； */
		case 0xFF1A:			/* ： */
		case 0xFF01:			/* ！ */
		case 0xFF1F:			/* ？ */
			return true;
		default:
			return false;
	}
}

/*
 * A valid match [start, end): drop what it contains, settle what it cannot.
 * A later match that could contain a tentative one starts no earlier than
 * horizon (end minus the depth of the automaton's state at end: the
 * longest keyword prefix still open), so a tentative match starting before
 * it is final; this keeps the list short however long the longest keyword.
 */
static void
candidate(ScanState *st, int64 start, int64 end, int32 pattern, int64 horizon)
{
	int			k = 0;

	for (int i = 0; i < st->ntent; i++)
	{
		Tentative  *t = &st->tent[i];

		if (t->start >= start)
			continue;			/* inside the new match */
		if (t->start < horizon)
		{
			accept(st, t);
			continue;
		}
		st->tent[k++] = *t;
	}
	st->tent[k].start = start;
	st->tent[k].end = end;
	st->tent[k].pattern = pattern;
	st->tent[k].clause = st->clause;
	st->ntent = k + 1;
}

/* The patterns ending at end in state s, now that the next character is known. */
static inline void
resolve(ScanState *st, int32 s, int64 end, bool next_word)
{
	DictAutomaton *a = st->a;

	for (int32 t = a->out[s] >= 0 ? s : a->dict[s]; t != 0; t = a->dict[t])
	{
		const DictPattern *p = &a->patterns[a->out[t]];
		int64		start = end - p->len;

		if (p->lead && st->before[start & (RING - 1)])
			continue;
		if (p->trail && next_word)
			continue;
		candidate(st, start, end, a->out[t], end - a->depth[s]);
		return;
	}
}

void
dict_reset(DictAutomaton *a)
{
	for (int i = 0; i < a->ntouched; i++)
		a->counts[a->touched[i]] = 0;
	a->ntouched = 0;
	a->nplaced = 0;
}

/*
 * The next folded character of the text at *p, and whether it is a word
 * (Latin letter or digit) character; false for white space.  The common
 * cases (ASCII, the three-byte Han block) skip the general folding.
 */
static inline bool
next_char(const unsigned char **pp, pg_wchar *c, bool *word)
{
	const unsigned char *p = *pp;

	if (*p < 0x80)
	{
		*c = *p++;
		if (*c >= 'A' && *c <= 'Z')
			*c += 32;
		*word = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9');
		*pp = p;
		return *word || (*c > 0x20 && *c != 0x7f);
	}
	if (*p >= 0xE4 && *p <= 0xE9)
	{
		/* U+4000..U+9FFF, mostly Han: no folding, no space, no word */
		*c = ((pg_wchar) (p[0] & 0x0F) << 12) | ((pg_wchar) (p[1] & 0x3F) << 6) | (p[2] & 0x3F);
		*pp = p + 3;
		*word = false;
		return true;
	}
	*c = textfeat_fold(utf8_to_unicode(p));
	*pp = p + pg_utf_mblen(p);
	if (textfeat_is_space(*c))
		return false;
	*word = *c < 0x80 ? ((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9')) : is_word(*c);
	return true;
}

void
dict_scan(DictAutomaton *a, const char *s, int len)
{
	const unsigned char *p,
			   *end;
	ScanState  *st;
	int64		off = 0;		/* characters of normalised text so far */
	int32		state = 0;
	int32		pending = -1;
	bool		prev_word = false,
				in_space = false;
	int64		next_check = CHECK_EVERY;

	dict_reset(a);
	s = textfeat_as_utf8(s, &len);	/* 22021 even when nothing could match */
	if (a->npatterns == 0)
		return;
	st = palloc(sizeof(ScanState));
	st->a = a;
	st->ntent = 0;
	st->clause = 0;
	p = (const unsigned char *) s;
	end = p + len;

	while (p < end)
	{
		pg_wchar	c;
		bool		word;

		if (next_char(&p, &c, &word))
			in_space = false;
		else if (in_space)
			continue;
		else
		{
			in_space = true;
			c = ' ';
			word = false;
		}
		if (pending >= 0)
			resolve(st, pending, off, word);
		if (!word && c < 0x10000 && clause_end(c))
			st->clause++;
		st->before[off & (RING - 1)] = prev_word;
		for (;;)
		{
			int32		next;

			/* no state on the failure chain has a child on c: straight to the root */
			if (!((a->states[state].chain >> (c & 63)) & 1))
				state = 0;
			if (state == 0)
			{
				state = c < ROOT_SIZE ? a->root[c] : go_child(a, 0, c);
				break;
			}
			next = go_child(a, state, c);
			if (next != 0)
			{
				state = next;
				break;
			}
			state = a->states[state].fail;
		}
		off++;
		pending = a->states[state].hit ? state : -1;
		prev_word = word;
		if (off >= next_check)
		{
			next_check = off + CHECK_EVERY;
			CHECK_FOR_INTERRUPTS();
		}
	}
	if (pending >= 0)
		resolve(st, pending, off, false);
	for (int i = 0; i < st->ntent; i++)
		accept(st, &st->tent[i]);
	pfree(st);
}
