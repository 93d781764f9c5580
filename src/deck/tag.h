/*
 * tag.h: reading one HTML or Vue tag (<Card number="3" :title="'x'" />)
 * out of deck text. Shared by the deck parser (v-click, balance checks)
 * and the HTML-to-Markdown conversion; internal to src/deck.
 */
#ifndef STRATUS_DECK_TAG_H
#define STRATUS_DECK_TAG_H

#include <stddef.h>

struct tag_attr {
	char *key;		/* as written, ':' or 'v-bind:' removed */
	char *value;		/* NULL for a bare attribute (hide, v-click) */
	int bound;		/* was :key / v-bind:key */
};

struct tag {
	char *name;		/* as written */
	int close;		/* </name> */
	int selfclose;		/* <name ... /> */
	size_t len;		/* bytes from '<' to just after '>' */
	struct tag_attr *attrs;
	size_t nattrs;
};

/* Does s (len bytes) start with a tag? 1 and *t filled (tag_clear it), or
 * 0 when it is not a tag (a lone '<', "a < b", a comment). */
int tag_parse(const char *s, size_t len, struct tag *t);
void tag_clear(struct tag *t);
/* Is the attribute there? 1 and *value (may be NULL) or 0. */
int tag_has(const struct tag *t, const char *key, const char **value);
/* The human-readable literal value of key: a plain value, or a bound
 * number or quoted string; NULL otherwise. */
const char *tag_text(const struct tag *t, const char *key);
/* A Vue component or custom element (Card, my-card), not plain HTML. */
int tag_is_component(const char *name);
/* Elements that never have a closing tag (br, img, hr...). */
int tag_is_void(const char *name);

/*
 * Code fences, as CommonMark reads them: md_fence_open() returns the
 * length of the ``` or ~~~ run (3+) that opens line s (n bytes) and sets
 * *ch and *info (offset of the info string), else 0; md_fence_close()
 * says whether line s closes a fence of ch and len.
 */
size_t md_fence_open(const char *s, size_t n, char *ch, size_t *info);
int md_fence_close(const char *s, size_t n, char ch, size_t len);

#endif
