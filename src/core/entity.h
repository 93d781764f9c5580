/*
 * entity.h: HTML character references (&eacute; &#233; &#xE9;) decoded
 * through cmark-gfm's complete HTML5 entity table, the one every layer
 * uses (the index's plain text, the renderer's HTML attributes).
 */
#ifndef STRATUS_ENTITY_H
#define STRATUS_ENTITY_H

#include <stddef.h>

#include "core/buf.h"

/* s (n bytes) starts with '&': when a complete reference follows (a
 * named entity of HTML5 or a numeric one, ';' required), append its text
 * to out and return the bytes it takes; else append nothing, return 0.
 * A numeric reference to NUL, a control character, a surrogate or
 * beyond U+10FFFF gives U+FFFD. */
size_t entity_decode(const char *s, size_t n, struct buf *out);
/* Append s (n bytes) to out with every reference decoded; an '&' that
 * starts none is kept. */
void entity_unescape(struct buf *out, const char *s, size_t n);

#endif
