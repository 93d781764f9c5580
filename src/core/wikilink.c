/*
 * wikilink.c: splitting [[target#anchor|label]] and Markdown link
 * destinations into their parts.
 */
#include "core/wikilink.h"

#include <string.h>

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* Trim blanks from both ends of the span *p, *n; NULL when empty. */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && is_space((unsigned char)**p)) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && is_space((unsigned char)(*p)[*n - 1]))
		(*n)--;
	if (*n == 0)
		*p = NULL;
}

int
wikilink_split(const char *p, size_t n, struct wikilink *w)
{
	const char *bar = memchr(p, '|', n), *hash;
	size_t tn = bar ? (size_t)(bar - p) : n;

	memset(w, 0, sizeof *w);
	if (bar) {
		w->label = bar + 1;
		w->llen = n - tn - 1;
		trim(&w->label, &w->llen);
		if (tn > 0 && p[tn - 1] == '\\')
			tn--;		/* [[Note\|label]] inside a table */
	}
	hash = memchr(p, '#', tn);
	if (hash) {
		w->anchor = hash + 1;
		w->alen = tn - (size_t)(hash - p) - 1;
		trim(&w->anchor, &w->alen);
		tn = (size_t)(hash - p);
	}
	w->target = p;
	w->tlen = tn;
	trim(&w->target, &w->tlen);
	if (!w->target)
		w->target = "";
	return w->tlen == 0 && w->alen == 0 ? -1 : 0;
}

size_t
link_dest_path_len(const char *d, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (d[i] == '#' || d[i] == '?')
			break;
	return i;
}
