/*
 * query.h: the search language (DESIGN.md, "The index") translated into an
 * FTS5 MATCH expression plus SQL filters. Words are ANDed; "phrases"; OR;
 * -word or NOT word; word* prefix; ( ) groups; the filters tag: type:
 * status: lang: title: path: links:SLUG from:SLUG. Anything it does not
 * understand is quoted, so no input can produce an SQLite error.
 *
 * Rules the translator follows:
 * - every word and phrase reaches FTS5 as a double-quoted string, so
 *   column names, NEAR(, ^, + and SQL fragments are plain text;
 *   words without a letter or digit (":", "*", "-") are dropped;
 * - OR, AND and NOT are operators only in capitals; a lone operator is
 *   dropped; unbalanced quotes and parentheses close at the end;
 * - a query of only negated words excludes their matches from all notes;
 *   a negated branch of an OR ("a OR -b") is dropped;
 * - filters hold for the whole query, except inside a top-level OR:
 *   there each filter holds for its own side ("tag:a OR tag:b",
 *   "lambda tag:aws OR dynamodb"; a side may be filters only), and the
 *   query becomes struct query's alts, with no match of its own; a
 *   filter inside a group holds for the top-level side the group is in;
 *   tags, links:, from: and substrings must all hold, values of type:,
 *   status: and lang: are alternatives; title: is a term in the title
 *   column; any filter may be negated (-tag:draft);
 * - a word in a script written without spaces (Chinese, Japanese, Korean)
 *   becomes a substring filter, answered by the trigram index;
 * - bounds: 64 terms, 32 filters, groups 16 deep, 256 bytes a term; what
 *   is past them is ignored.
 */
#ifndef STRATUS_QUERY_H
#define STRATUS_QUERY_H

#include <stddef.h>
#include <stdint.h>

enum qf_kind {
	QF_TAG,		/* tag:aws (also aws/...); tag:aw* is a prefix */
	QF_TYPE,
	QF_STATUS,
	QF_LANG,
	QF_LINKS,	/* links:SLUG: notes linking to SLUG */
	QF_FROM,	/* from:SLUG: notes SLUG links to */
	QF_SUBSTR,	/* text that must occur (trigram index) */
	QF_PATH,	/* path:linux/ : notes under a folder (or a path
			 * that holds the value from a '/' boundary) */
};

#define QUERY_MAX_FILTERS 32	/* filters kept of a query */

struct qfilter {
	enum qf_kind kind;
	char *value;	/* valid UTF-8; lowercased for tag:, type:, status:,
			 * lang: */
	int neg;	/* the filter excludes */
	int prefix;	/* tag:aw* */
	int alt;	/* the side of a top-level OR it belongs to (an
			 * index into struct query's alts), or -1: all */
};

/* One side of a top-level OR that holds a filter: a note is found when
 * it matches match (if any), not exclude (if any), and the filters whose
 * alt is this side's index. */
struct qalt {
	char *match;		/* FTS5 expression, or NULL */
	char *exclude;		/* FTS5 expression left out, or NULL */
};

struct query {
	char *match;		/* FTS5 MATCH expression; NULL when none */
	char *exclude;		/* FTS5 expression whose matches are left
				 * out (a query of only -words), or NULL */
	struct qfilter *filters;
	size_t nfilters;
	char **subs;		/* substring fallback: when match finds
				 * nothing, notes holding all of these */
	size_t nsubs;
	char *name;		/* a query of words and phrases only
				 * (filters aside): its words, as a note's
				 * name may be written; else NULL */
	int name_prefix;	/* its last word is typed as a prefix */
	int empty;		/* nothing to search for at all */
	int negated;		/* match holds a NOT */
	int prefix_min;		/* characters of the shortest and the */
	int prefix_max;		/* longest prefix term (word*) written;
				 * 0 when none */
	struct qalt *alts;	/* sides of a top-level OR with filters in
				 * it: a note is found when one side holds
				 * (match and exclude are then NULL) */
	size_t nalts;
};

/* Translate text (len bytes; may hold NULs and invalid UTF-8).
 * prefix_last: treat the last bare word as a prefix (search as you type).
 * Never fails. */
struct query *query_parse(const char *text, size_t len, int prefix_last);
void query_free(struct query *q);

/* Does s hold a character of a script written without spaces (CJK)? */
int query_has_cjk(const char *s);
/* Append to out, one per line, the words (runs between white space) of s
 * that hold such a character: what the trigram index keeps of a body. */
struct buf;
void query_cjk_runs(const char *s, struct buf *out);

#endif
