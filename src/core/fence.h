/*
 * fence.h: code fences as CommonMark reads them (``` or ~~~, three or
 * more, up to three spaces of indentation), the one test the note
 * scanner, the renderer and the deck splitter share.
 */
#ifndef STRATUS_FENCE_H
#define STRATUS_FENCE_H

#include <stddef.h>

/* Line s (n bytes, no newline): when it opens a fence, the length of the
 * run of fence characters, with the character in *ch and the offset of
 * the info string in *info (info may be NULL); else 0. A backtick fence
 * whose info string holds a backtick is not a fence. */
size_t md_fence_open(const char *s, size_t n, char *ch, size_t *info);
/* Does line s (n bytes) close a fence opened by len characters ch: at
 * most three spaces, at least len of ch, then only blanks? */
int md_fence_close(const char *s, size_t n, char ch, size_t len);

#endif
