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

/* Cut what lies between the array's '[' and end out of b (an element
 * and the spaces before it, or the comma after one): the array holds
 * nothing before what is left, and is read on from its '['. */
static void
cut(struct items *s, struct buf *b, size_t end)
{
	memmove(b->ptr + s->open, b->ptr + end, b->len - end);
	b->len -= end - s->open;
	b->ptr[b->len] = '\0';
	s->pos = s->open - 1;	/* (the loop adds one) */
}

/* An opening bracket c at pos: an element's, the Items array's, or one
 * within either. */
static void
opened(struct items *s, const struct buf *b, char c)
{
	if (s->depth >= ITEMS_DEPTH) {
		s->gave_up = 1;
		return;
	}
	if (in_array(s)) {
		s->gave_up = s->comma;	/* (two elements, no comma) */
		s->item = s->pos;
	} else if (s->depth == 1 && s->kind[0] == '{' && c == '[' &&
	    !s->open && !s->closed && items_key(s, b)) {
		s->open = s->pos + 1;
	}
	s->kind[s->depth++] = c;
}

/* A closing bracket c at pos: an element handed over and cut out. */
static void
closed(struct items *s, struct buf *b, char c,
    void (*cb)(void *arg, const char *p, size_t n), void *arg)
{
	size_t end = s->pos + 1;

	if (s->depth == 0 || (s->kind[s->depth - 1] == '{') != (c == '}')) {
		s->gave_up = 1;	/* not JSON: the parser says */
		return;
	}
	s->depth--;
	if (s->open && s->depth == 1) {	/* its end: no more items */
		s->open = 0;
		s->closed = 1;
	} else if (in_array(s)) {
		cb(arg, b->ptr + s->item, end - s->item);
		cut(s, b, end);
		s->comma = 1;	/* the comma after it goes too */
	}
}

void
items_take(struct items *s, struct buf *b,
    void (*cb)(void *arg, const char *p, size_t n), void *arg)
{
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
		if ((unsigned char)c <= ' ')	/* (space, as cJSON has it) */
			continue;
		/* one object, and nothing after it */
		if (s->depth == 0 && (c != '{' || s->began++)) {
			s->gave_up = 1;
			continue;
		}
		switch (c) {
		case ',':
			if (in_array(s)) {	/* (only after an element) */
				s->gave_up = !s->comma;
				s->comma = 0;
				if (!s->gave_up)
					cut(s, b, s->pos + 1);
			}
			continue;
		case '{':
		case '[':
			opened(s, b, c);
			continue;
		case '}':
		case ']':
			closed(s, b, c, cb, arg);
			continue;
		case '"':
			/* (a string element of Items: not an item; the
			 * text is left to the parser from here) */
			s->gave_up = in_array(s);
			s->str = 1;
			if (s->depth == 1)
				s->key = s->pos + 1;
			continue;
		default:
			/* ':', or a number, true, false or null: not an
			 * item where an element would be */
			s->gave_up = in_array(s);
			continue;
		}
	}
}
