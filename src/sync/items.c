/* items.c: the items of a DynamoDB answer as it arrives (see items.h). */
#include "sync/items.h"

#include <string.h>

void
items_reset(struct items *s)
{
	memset(s, 0, sizeof *s);
}

/* Is the string of the top-level object last met "Items" (its key, as
 * the '[' at pos follows it)? */
static int
items_key(const struct items *s, const struct buf *b)
{
	return s->key && s->key + 6 <= s->pos &&
	    memcmp(b->ptr + s->key, "Items\"", 6) == 0;
}

/* Inside the Items array, at its own level (not within an element)? */
static int
in_array(const struct items *s)
{
	return s->open && s->depth == 2;
}

void
items_take(struct items *s, struct buf *b,
    void (*cb)(void *arg, const char *p, size_t n), void *arg)
{
	size_t end;
	char c;

	for (; !s->gave_up && s->pos < b->len; s->pos++) {
		c = b->ptr[s->pos];
		if (s->str) {
			if (s->esc)
				s->esc = 0;
			else if (c == '\\')
				s->esc = 1;
			else if (c == '"')
				s->str = 0;
			continue;
		}
		/* one object, and nothing after it */
		if (s->depth == 0 && c != ' ' && c != '\t' && c != '\r' &&
		    c != '\n' && (c != '{' || s->began++)) {
			s->gave_up = 1;
			continue;
		}
		switch (c) {
		case ' ': case '\t': case '\r': case '\n': case ',': case ':':
			continue;
		case '"':
			/* (a string element of Items: not an item; the
			 * text is left to the parser from here) */
			s->gave_up = in_array(s);
			s->str = 1;
			if (s->depth == 1)
				s->key = s->pos + 1;
			continue;
		case '{':
		case '[':
			if (s->depth >= ITEMS_DEPTH) {
				s->gave_up = 1;
				continue;
			}
			if (in_array(s))
				s->item = s->pos;
			else if (s->depth == 1 && s->kind[0] == '{' &&
			    c == '[' && !s->open && !s->closed &&
			    items_key(s, b))
				s->open = s->pos + 1;
			s->kind[s->depth++] = c;
			continue;
		case '}':
		case ']':
			if (s->depth == 0 || (s->kind[s->depth - 1] == '{') !=
			    (c == '}')) {
				s->gave_up = 1;	/* not JSON: the parser says */
				continue;
			}
			s->depth--;
			if (s->open && s->depth == 1 && c == ']') {
				s->open = 0;	/* its end: no more items */
				s->closed = 1;
				continue;
			}
			if (!in_array(s))
				continue;
			/* an element closed: handed over, then cut out with
			 * what was between it and the '[' (a comma) */
			end = s->pos + 1;
			cb(arg, b->ptr + s->item, end - s->item);
			memmove(b->ptr + s->open, b->ptr + end, b->len - end);
			b->len -= end - s->open;
			b->ptr[b->len] = '\0';
			s->pos = s->open - 1;	/* (the loop adds one) */
			continue;
		default:
			/* a number, true, false or null: not an item */
			s->gave_up = in_array(s);
			continue;
		}
	}
}
