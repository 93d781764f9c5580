/*
 * fuzz_sync_items.c: the items of a DynamoDB answer taken as it arrives
 * (sync/items.h), on any bytes: the first byte sets the size of the
 * pieces the rest comes in. Promises: the pieces do not change what is
 * taken (the same as all at once); each item taken is one balanced value
 * (an object or an array); and of an answer cJSON reads, what is taken
 * and what is left are the answer: every item parses, the text left
 * parses, and its Items and those taken are as many as the answer had
 * (its Items empty unless the reader gave up).
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "sync/items.h"
#include "fuzz.h"

struct taken {
	struct buf all;		/* the items, each ended by NUL */
	size_t n;
	int bad;		/* an item cJSON does not read */
};

static void
take(void *arg, const char *p, size_t n)
{
	struct taken *t = arg;
	cJSON *j;

	CHECK(n >= 2);
	CHECK((p[0] == '{' && p[n - 1] == '}') ||
	    (p[0] == '[' && p[n - 1] == ']'));
	buf_add(&t->all, p, n);
	buf_addc(&t->all, '\0');
	t->n++;
	j = cJSON_ParseWithLength(p, n);
	t->bad |= j == NULL;
	cJSON_Delete(j);
}

/* Feed text in pieces of step bytes: what is left, into left; whether
 * the reader gave up (then the text left may not be JSON any more). */
static int
feed(const char *text, size_t len, size_t step, struct taken *t,
    struct buf *left)
{
	struct items s;
	size_t i, m;

	memset(t, 0, sizeof *t);
	items_reset(&s);
	for (i = 0; i < len; i += m) {
		m = len - i < step ? len - i : step;
		buf_add(left, text + i, m);
		items_take(&s, left, take, t);
	}
	return s.gave_up;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf l1 = BUF_INIT, l2 = BUF_INIT;
	struct taken a, b;
	cJSON *whole, *rest;
	const char *text;
	size_t len, step;
	int gave_up;

	if (size < 1)
		return 0;
	step = 1 + data[0];
	text = (const char *)data + 1;
	len = size - 1;
	gave_up = feed(text, len, len ? len : 1, &a, &l1);
	CHECK(feed(text, len, step, &b, &l2) == gave_up);
	CHECK(a.n == b.n && a.all.len == b.all.len);
	CHECK(a.all.len == 0 || memcmp(a.all.ptr, b.all.ptr, a.all.len) == 0);
	CHECK(l1.len == l2.len);
	CHECK(l1.len == 0 || memcmp(l1.ptr, l2.ptr, l1.len) == 0);
	whole = cJSON_ParseWithLength(text, len);
	if (whole && a.n) {
		cJSON *wi = cJSON_GetObjectItemCaseSensitive(whole, "Items");

		rest = cJSON_ParseWithLength(buf_str(&l1), l1.len);
		CHECK(!a.bad);
		CHECK(rest != NULL);
		if (cJSON_IsArray(wi))	/* (not a first "Items": 1) */
			CHECK((size_t)cJSON_GetArraySize(wi) == a.n +
			    (size_t)cJSON_GetArraySize(
			    cJSON_GetObjectItemCaseSensitive(rest, "Items")));
		CHECK(gave_up || cJSON_GetArraySize(
		    cJSON_GetObjectItemCaseSensitive(rest, "Items")) == 0);
		cJSON_Delete(rest);
	}
	cJSON_Delete(whole);
	buf_free(&a.all);
	buf_free(&b.all);
	buf_free(&l1);
	buf_free(&l2);
	return 0;
}
