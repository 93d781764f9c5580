/*
 * json-out.c: JSON printed as it is made, byte for byte what cJSON_Print()
 * and cli_print_json() print for the same tree (tabs, "key":<tab>value,
 * "}, {" between the objects of an array), without holding the tree: a
 * check or a graph of 100k notes prints in constant memory.
 */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <stdio.h>
#include <string.h>

#define JOUT_FLUSH	65536	/* bytes buffered before a write */

static void
jout_flush(struct jout *j, int force)
{
	if (j->b.len && (force || j->b.len >= JOUT_FLUSH)) {
		fwrite(j->b.ptr, 1, j->b.len, stdout);
		buf_reset(&j->b);
	}
}

static void
jout_indent(struct jout *j)
{
	static const char tabs[JOUT_DEPTH_MAX] = "\t\t\t\t\t\t\t\t";

	buf_add(&j->b, tabs, (size_t)j->depth);
}

/* Before a value: the separator its container wants (none after a
 * key). */
static void
jout_sep(struct jout *j)
{
	if (j->after_key)
		j->after_key = 0;
	else if (j->depth > 0 && j->count[j->depth - 1]++ > 0)
		buf_adds(&j->b, ", ");
}

static void
jout_open(struct jout *j, int obj)
{
	if (j->depth >= JOUT_DEPTH_MAX)
		die("JSON nested deeper than %d", JOUT_DEPTH_MAX);
	jout_sep(j);
	buf_addc(&j->b, obj ? '{' : '[');
	if (obj)
		buf_addc(&j->b, '\n');
	j->obj[j->depth] = obj;
	j->count[j->depth] = 0;
	j->depth++;
}

void
jout_object(struct jout *j)
{
	jout_open(j, 1);
}

void
jout_array(struct jout *j)
{
	jout_open(j, 0);
}

void
jout_close(struct jout *j)
{
	j->depth--;
	if (j->obj[j->depth]) {
		buf_addc(&j->b, '\n');
		jout_indent(j);
		buf_addc(&j->b, '}');
	} else
		buf_addc(&j->b, ']');
	if (j->depth == 0) {
		buf_addc(&j->b, '\n');
		jout_flush(j, 1);
		buf_free(&j->b);
	} else
		jout_flush(j, 0);
}

/* A string as cJSON escapes it (quotes, backslashes, C0), then what it
 * leaves raw as json_sanitize_buf() escapes it. Most strings need
 * neither and are copied whole. */
static void
jout_string(struct jout *j, const char *s)
{
	struct buf e = BUF_INIT;
	const unsigned char *p, *u = (const unsigned char *)(s ? s : "");
	size_t len;

	for (p = u; *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\'; p++)
		;
	len = (size_t)(p - u) + (*p ? strlen((const char *)p) : 0);
	if (!*p) {
		buf_grow(&j->b, len + 2);
		buf_addc(&j->b, '"');
		buf_add(&j->b, u, len);
		buf_addc(&j->b, '"');
		return;
	}
	buf_grow(&e, len + 8);
	buf_addc(&e, '"');
	buf_add(&e, u, (size_t)(p - u));
	for (; *p; p++) {
		switch (*p) {
		case '"':
			buf_adds(&e, "\\\"");
			break;
		case '\\':
			buf_adds(&e, "\\\\");
			break;
		case '\b':
			buf_adds(&e, "\\b");
			break;
		case '\f':
			buf_adds(&e, "\\f");
			break;
		case '\n':
			buf_adds(&e, "\\n");
			break;
		case '\r':
			buf_adds(&e, "\\r");
			break;
		case '\t':
			buf_adds(&e, "\\t");
			break;
		default:
			if (*p < 0x20)
				buf_printf(&e, "\\u%04x", *p);
			else
				buf_addc(&e, (char)*p);
		}
	}
	buf_addc(&e, '"');
	json_sanitize_buf(&j->b, e.ptr, e.len);
	buf_free(&e);
}

void
jout_key(struct jout *j, const char *key)
{
	if (j->count[j->depth - 1]++ > 0)
		buf_adds(&j->b, ",\n");
	jout_indent(j);
	jout_string(j, key);
	buf_adds(&j->b, ":\t");
	j->after_key = 1;
}

void
jout_str(struct jout *j, const char *key, const char *v)
{
	jout_key(j, key);
	jout_sep(j);
	jout_string(j, v);
}

/* A member whose value is a JSON word: null, true or false. */
static void
jout_word(struct jout *j, const char *key, const char *word)
{
	jout_key(j, key);
	jout_sep(j);
	buf_adds(&j->b, word);
}

void
jout_null(struct jout *j, const char *key)
{
	jout_word(j, key, "null");
}

void
jout_bool(struct jout *j, const char *key, int v)
{
	jout_word(j, key, v ? "true" : "false");
}

void
jout_int(struct jout *j, const char *key, long v)
{
	char digits[24], *d = digits + sizeof digits;
	unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	jout_key(j, key);
	jout_sep(j);
	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--d = '-';
	buf_add(&j->b, d, (size_t)(digits + sizeof digits - d));
}
