/*
 * embed.h: where the renderer's embeds (render_opts.embed) come from
 * when a caller has a vault: the note a ![[target]] names, found through
 * the index the way a wikilink is, read from disk without its
 * frontmatter. A deck outside any vault uses the folder form: target.md
 * beside the deck.
 */
#ifndef STRATUS_EMBED_H
#define STRATUS_EMBED_H

#include "core/buf.h"

struct index;

struct embed_src {
	struct index *ix;	/* NULL: look in dir only */
	const char *vault;	/* the index's vault */
	const char *dir;	/* a folder for target.md, or NULL */
	const char *lang;	/* translation to prefer, or NULL */
};

/* render_opts.embed for arg a struct embed_src: appends the note's body
 * to text and its title (else its path) to name; 0, or -1 when there is
 * no such note or it cannot be read. */
int embed_note(void *arg, const char *target, struct buf *text,
    struct buf *name);

#endif
