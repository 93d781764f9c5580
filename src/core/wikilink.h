/*
 * wikilink.h: the parts of a link as written, the one reading the index
 * (src/core/note-link.c) and the renderer (src/render/render-inline.c)
 * share: the inside of [[target#anchor|label]], and the path of a
 * Markdown link destination without its ?query and #fragment.
 */
#ifndef STRATUS_WIKILINK_H
#define STRATUS_WIKILINK_H

#include <stddef.h>

/* Spans into the text given to wikilink_split(); a missing or blank part
 * has length 0 (anchor and label are then NULL). */
struct wikilink {
	const char *target;	/* may be "" for [[#Heading]] */
	size_t tlen;
	const char *anchor;	/* after '#': "Heading" or "^block" */
	size_t alen;
	const char *label;	/* after '|' */
	size_t llen;
};

/* Split the inside p[0..n) of [[...]]: the target up to the first '|'
 * ("\|" in a table cell counts as the bar), its anchor after the first
 * '#', blanks around each part trimmed. Returns 0, or -1 when it names
 * nothing (no target and no anchor: [[]], [[|x]], [[#]]) and is no link. */
int wikilink_split(const char *p, size_t n, struct wikilink *w);
/* Length of the path of Markdown link destination d[0..n): up to its
 * first '#' or '?'. */
size_t link_dest_path_len(const char *d, size_t n);

#endif
