/*
 * query.h: the search language (DESIGN.md, "The index") translated into an
 * FTS5 MATCH expression plus SQL filters. Words are ANDed; "phrases"; OR;
 * -word or NOT word; word* prefix; tag: type: status: lang: title:
 * links:SLUG from:SLUG. Anything it does not understand is quoted, so no
 * input can produce an SQLite error.
 */
#ifndef STRATUS_QUERY_H
#define STRATUS_QUERY_H

#include <stddef.h>

struct query {
	char *match;		/* FTS5 MATCH expression; NULL when only filters */
	char *trigram;		/* substring to find in the trigram index, or NULL */
	char **tags, **types, **statuses, **langs, **titles;
	size_t ntags, ntypes, nstatuses, nlangs, ntitles;
	char **links_to;	/* links:SLUG */
	size_t nlinks_to;
	char **from;		/* from:SLUG */
	size_t nfrom;
	int empty;		/* nothing to search for at all */
};

/* Translate text (len bytes; may hold NULs). prefix_last: treat the last
 * bare word as a prefix (search as you type). Never fails. */
struct query *query_parse(const char *text, size_t len, int prefix_last);
void query_free(struct query *q);

#endif
