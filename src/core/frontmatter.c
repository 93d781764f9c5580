/*
 * frontmatter.c: locate the YAML block at the top of a note, read it with
 * libyaml's event API into an ordered list of fields, and write fields
 * back as YAML that reads the same.
 */
#include "core/frontmatter.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Anchors remembered for aliases, and bytes an alias may copy in all. */
#define FM_MAX_ANCHORS 256
#define FM_ALIAS_BUDGET 65536

struct fm_anchor {
	char *name;
	char *value;
	int plain;
};

struct fmp {
	yaml_parser_t p;
	const unsigned char *src;
	size_t len;
	int first_line;
	struct frontmatter *fm;
	size_t cap;
	struct fm_anchor anchors[FM_MAX_ANCHORS];
	size_t nanchors;
	size_t budget;
	size_t cur_char, cur_byte;	/* char index -> byte offset cursor */
	size_t start_byte;		/* after a BOM */
};

/* ------------------------------------------------------------------ */
/* Locating                                                           */
/* ------------------------------------------------------------------ */

/* Is [p, p+n) (a line without its '\n') the marker m, with optional
 * trailing blanks and a CR? */
static int
is_marker_line(const char *p, size_t n, const char *m)
{
	size_t i;

	if (n < 3 || memcmp(p, m, 3) != 0)
		return 0;
	for (i = 3; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

int
fm_locate(const char *data, size_t len, size_t *yaml_off, size_t *yaml_len,
    size_t *body_off)
{
	const char *nl;
	size_t off = 0, start;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		off = 3;
	nl = memchr(data + off, '\n', len - off);
	if (!nl || !is_marker_line(data + off, (size_t)(nl - data) - off,
	    "---"))
		return 0;
	start = (size_t)(nl - data) + 1;
	off = start;
	while (off < len) {
		size_t end;

		nl = memchr(data + off, '\n', len - off);
		end = nl ? (size_t)(nl - data) : len;
		if (is_marker_line(data + off, end - off, "---") ||
		    is_marker_line(data + off, end - off, "...")) {
			*yaml_off = start;
			*yaml_len = off - start;
			*body_off = nl ? end + 1 : len;
			return 1;
		}
		if (!nl)
			break;
		off = end + 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Fields                                                             */
/* ------------------------------------------------------------------ */

static void
field_clear(struct fm_field *f)
{
	size_t i;

	free(f->value);
	for (i = 0; i < f->nitems; i++)
		free(f->items[i]);
	free(f->items);
	free(f->item_lines);
	free(f->item_plain);
	free(f->raw);
	f->value = f->raw = NULL;
	f->items = NULL;
	f->item_lines = NULL;
	f->item_plain = NULL;
	f->nitems = 0;
	f->plain = f->block = 0;
}

void
fm_free(struct frontmatter *fm)
{
	size_t i;

	if (!fm)
		return;
	for (i = 0; i < fm->nfields; i++) {
		field_clear(&fm->fields[i]);
		free(fm->fields[i].key);
	}
	free(fm->fields);
	free(fm->error);
	free(fm);
}

const struct fm_field *
fm_get(const struct frontmatter *fm, const char *key)
{
	size_t i;

	if (!fm)
		return NULL;
	for (i = 0; i < fm->nfields; i++)
		if (strcmp(fm->fields[i].key, key) == 0)
			return &fm->fields[i];
	return NULL;
}

const char *
fm_scalar(const struct frontmatter *fm, const char *key)
{
	const struct fm_field *f = fm_get(fm, key);

	return f && f->kind == FM_SCALAR ? f->value : NULL;
}

/* The field for key, created at the end when missing. */
static struct fm_field *
field_for(struct frontmatter *fm, const char *key)
{
	size_t i, cap = fm->nfields;

	for (i = 0; i < fm->nfields; i++)
		if (strcmp(fm->fields[i].key, key) == 0) {
			field_clear(&fm->fields[i]);
			return &fm->fields[i];
		}
	fm->fields = xgrow(fm->fields, &cap, fm->nfields + 1,
	    sizeof *fm->fields);
	memset(&fm->fields[fm->nfields], 0, sizeof *fm->fields);
	fm->fields[fm->nfields].key = xstrdup(key);
	return &fm->fields[fm->nfields++];
}

void
fm_set_scalar(struct frontmatter *fm, const char *key, const char *v)
{
	struct fm_field *f = field_for(fm, key);

	f->kind = FM_SCALAR;
	f->value = xstrdup(v ? v : "");
}

void
fm_set_list(struct frontmatter *fm, const char *key, char *const *items,
    size_t n)
{
	struct fm_field *f = field_for(fm, key);
	size_t i;

	f->kind = FM_LIST;
	f->items = xcalloc(n, sizeof *f->items);
	for (i = 0; i < n; i++)
		f->items[i] = xstrdup(items[i] ? items[i] : "");
	f->nitems = n;
}

/* ------------------------------------------------------------------ */
/* Parsing                                                            */
/* ------------------------------------------------------------------ */

/* Bytes of the UTF-8 sequence led by c (1 for anything odd), the way
 * libyaml counts characters in its marks (not a decoder: see utf8.h). */
static size_t
utf8_width(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

/* Byte offset of a libyaml mark index (which counts characters). Marks
 * mostly grow, so a cursor makes this linear over a parse. */
static size_t
mark_off(struct fmp *x, size_t idx)
{
	if (idx < x->cur_char) {
		x->cur_char = 0;
		x->cur_byte = x->start_byte;
	}
	while (x->cur_char < idx && x->cur_byte < x->len) {
		x->cur_byte += utf8_width(x->src[x->cur_byte]);
		x->cur_char++;
	}
	return x->cur_byte < x->len ? x->cur_byte : x->len;
}

/* Line (in the caller's numbering) of a byte offset, for reader errors. */
static int
line_of(struct fmp *x, size_t off)
{
	size_t i;
	int line = x->first_line;

	for (i = 0; i < off && i < x->len; i++)
		if (x->src[i] == '\n')
			line++;
	return line;
}

/* A hint when the line of an error is indented with a tab. */
static const char *
tab_hint(struct fmp *x, int line)
{
	size_t i = x->start_byte;
	int l = x->first_line;

	while (l < line && i < x->len) {
		const unsigned char *nl = memchr(x->src + i, '\n', x->len - i);

		if (!nl)
			return "";
		i = (size_t)(nl - x->src) + 1;
		l++;
	}
	while (i < x->len && x->src[i] == ' ')
		i++;
	if (i < x->len && x->src[i] == '\t')
		return " (indent YAML with spaces, not tabs)";
	return "";
}

static void
set_error(struct fmp *x)
{
	yaml_parser_t *p = &x->p;
	const char *what = p->problem ? p->problem : "not valid YAML";
	int line;

	if (x->fm->error)
		return;
	if (p->error == YAML_READER_ERROR)
		line = line_of(x, p->problem_offset);
	else
		line = x->first_line + (int)p->problem_mark.line;
	if (p->context && p->error != YAML_READER_ERROR)
		x->fm->error = xasprintf("line %d: %s %s%s", line, what,
		    p->context, tab_hint(x, line));
	else
		x->fm->error = xasprintf("line %d: %s%s", line, what,
		    tab_hint(x, line));
}

static int
next(struct fmp *x, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&x->p, ev)) {
		set_error(x);
		return -1;
	}
	return 0;
}

static void
remember(struct fmp *x, const yaml_event_t *ev)
{
	const char *anchor = (const char *)ev->data.scalar.anchor;
	size_t i;

	if (!anchor)
		return;
	for (i = 0; i < x->nanchors; i++)
		if (strcmp(x->anchors[i].name, anchor) == 0) {
			free(x->anchors[i].value);
			x->anchors[i].value = xstrndup(
			    (const char *)ev->data.scalar.value,
			    ev->data.scalar.length);
			x->anchors[i].plain = ev->data.scalar.style ==
			    YAML_PLAIN_SCALAR_STYLE;
			return;
		}
	if (x->nanchors == FM_MAX_ANCHORS)
		return;
	x->anchors[x->nanchors].name = xstrdup(anchor);
	x->anchors[x->nanchors].value = xstrndup(
	    (const char *)ev->data.scalar.value, ev->data.scalar.length);
	x->anchors[x->nanchors].plain = ev->data.scalar.style ==
	    YAML_PLAIN_SCALAR_STYLE;
	x->nanchors++;
}

/* The scalar an alias names, if known and within the budget. */
static const struct fm_anchor *
lookup(struct fmp *x, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	size_t i, n;

	for (i = x->nanchors; i-- > 0;) {
		if (strcmp(x->anchors[i].name, name) != 0)
			continue;
		n = strlen(x->anchors[i].value);
		if (n > x->budget)
			return NULL;
		x->budget -= n;
		return &x->anchors[i];
	}
	return NULL;
}

/* Skip the rest of a collection whose start event was just read.
 * Returns 0 with *end the end event's end mark, or -1. */
static int
skip_rest(struct fmp *x, yaml_mark_t *end)
{
	yaml_event_t ev;
	long depth = 1;

	while (depth > 0) {
		if (next(x, &ev) < 0)
			return -1;
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_STREAM_END_EVENT:
			depth = 0;
			break;
		default:
			break;
		}
		*end = ev.end_mark;
		yaml_event_delete(&ev);
	}
	return 0;
}

/* The source text of a nested value, from its start to its end mark.
 * A value that starts on the key's line is kept from its first byte,
 * one on a later line from the start of that line (its indentation). */
static void
set_raw(struct fmp *x, struct fm_field *f, yaml_mark_t key,
    yaml_mark_t start, yaml_mark_t end)
{
	struct buf r = BUF_INIT;
	size_t a, b, ls;

	a = mark_off(x, start.index);
	b = mark_off(x, end.index);
	if (b < a)
		b = a;
	while (b > a && (x->src[b - 1] == ' ' || x->src[b - 1] == '\t' ||
	    x->src[b - 1] == '\n' || x->src[b - 1] == '\r'))
		b--;
	if (start.line > key.line) {
		/* keep the indentation; an indicator before the value
		 * (": " of an explicit key) becomes spaces */
		for (ls = a; ls > x->start_byte && x->src[ls - 1] != '\n' &&
		    x->src[ls - 1] != '\r'; ls--)
			;
		while (ls < a && x->src[ls] == ' ')
			ls++;
		if (ls < a) {
			size_t i;

			for (i = 0; i < start.column; i++)
				buf_addc(&r, ' ');
		} else {
			for (; ls > x->start_byte && x->src[ls - 1] == ' '; ls--)
				;
			a = ls;
		}
		f->block = 1;
	}
	buf_add(&r, x->src + a, b - a);
	f->kind = FM_OTHER;
	f->raw = buf_take(&r);
}

static void
add_item(struct fm_field *f, size_t *cap, const char *v, size_t n, int line,
    int plain)
{
	if (f->nitems == *cap) {
		size_t c = *cap ? *cap * 2 : 4;

		f->items = xrealloc(f->items, c * sizeof *f->items);
		f->item_lines = xrealloc(f->item_lines,
		    c * sizeof *f->item_lines);
		f->item_plain = xrealloc(f->item_plain, c);
		*cap = c;
	}
	f->items[f->nitems] = xstrndup(v, n);
	f->item_lines[f->nitems] = line;
	f->item_plain[f->nitems] = (unsigned char)plain;
	f->nitems++;
}

/* A sequence value, its start event already read: a list of scalars, or
 * FM_OTHER raw when anything in it is not a scalar. */
static int
parse_seq(struct fmp *x, struct fm_field *f, yaml_mark_t key,
    yaml_mark_t start)
{
	yaml_event_t ev;
	yaml_mark_t end;
	size_t cap = 0;
	const struct fm_anchor *a;

	f->kind = FM_LIST;
	for (;;) {
		if (next(x, &ev) < 0)
			return -1;
		end = ev.end_mark;
		switch (ev.type) {
		case YAML_SEQUENCE_END_EVENT:
			yaml_event_delete(&ev);
			return 0;
		case YAML_SCALAR_EVENT:
			remember(x, &ev);
			add_item(f, &cap, (const char *)ev.data.scalar.value,
			    ev.data.scalar.length, x->first_line +
			    (int)ev.start_mark.line,
			    ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE);
			yaml_event_delete(&ev);
			continue;
		case YAML_ALIAS_EVENT:
			a = lookup(x, &ev);
			if (a) {
				add_item(f, &cap, a->value, strlen(a->value),
				    x->first_line + (int)ev.start_mark.line,
				    a->plain);
				yaml_event_delete(&ev);
				continue;
			}
			yaml_event_delete(&ev);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			yaml_event_delete(&ev);
			if (skip_rest(x, &end) < 0)
				return -1;
			break;
		default:
			yaml_event_delete(&ev);
			break;
		}
		/* Not a list of scalars: skip to the end and keep the text. */
		if (skip_rest(x, &end) < 0)
			return -1;
		field_clear(f);
		set_raw(x, f, key, start, end);
		return 0;
	}
}

/* The value after a key: fill f. 0, or -1 on a YAML error. */
static int
parse_value(struct fmp *x, struct fm_field *f, yaml_mark_t key)
{
	yaml_event_t ev;
	yaml_mark_t start, end;
	const struct fm_anchor *a;

	if (next(x, &ev) < 0)
		return -1;
	start = ev.start_mark;
	switch (ev.type) {
	case YAML_SCALAR_EVENT:
		remember(x, &ev);
		f->kind = FM_SCALAR;
		f->value = xstrndup((const char *)ev.data.scalar.value,
		    ev.data.scalar.length);
		f->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		yaml_event_delete(&ev);
		return 0;
	case YAML_ALIAS_EVENT:
		a = lookup(x, &ev);
		if (a) {
			f->kind = FM_SCALAR;
			f->value = xstrdup(a->value);
			f->plain = a->plain;
		} else {
			f->kind = FM_OTHER;
			f->raw = xasprintf("*%s", ev.data.alias.anchor);
		}
		yaml_event_delete(&ev);
		return 0;
	case YAML_SEQUENCE_START_EVENT:
		yaml_event_delete(&ev);
		return parse_seq(x, f, key, start);
	case YAML_MAPPING_START_EVENT:
		yaml_event_delete(&ev);
		end = start;
		if (skip_rest(x, &end) < 0)
			return -1;
		set_raw(x, f, key, start, end);
		return 0;
	default:
		yaml_event_delete(&ev);
		x->fm->error = xasprintf("line %d: unexpected YAML structure",
		    x->first_line + (int)start.line);
		return -1;
	}
}

/* The pairs of the top-level mapping, its start event already read. */
static void
parse_pairs(struct fmp *x)
{
	struct frontmatter *fm = x->fm;
	struct fm_field f;
	yaml_event_t ev;
	yaml_mark_t key, end;

	for (;;) {
		if (next(x, &ev) < 0)
			return;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return;
		}
		memset(&f, 0, sizeof f);
		key = ev.start_mark;
		if (ev.type == YAML_SCALAR_EVENT) {
			remember(x, &ev);
			f.key = xstrndup((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
		} else if (ev.type == YAML_SEQUENCE_START_EVENT ||
		    ev.type == YAML_MAPPING_START_EVENT) {
			/* A complex key: skip it and its value. */
			yaml_event_delete(&ev);
			if (skip_rest(x, &end) < 0 ||
			    parse_value(x, &f, key) < 0) {
				field_clear(&f);
				return;
			}
			field_clear(&f);
			continue;
		} else if (ev.type == YAML_ALIAS_EVENT) {
			f.key = xasprintf("*%s", ev.data.alias.anchor);
		} else {
			yaml_event_delete(&ev);
			return;
		}
		yaml_event_delete(&ev);
		f.line = x->first_line + (int)key.line;
		if (parse_value(x, &f, key) < 0) {
			field_clear(&f);
			free(f.key);
			return;
		}
		fm->fields = xgrow(fm->fields, &x->cap, fm->nfields + 1,
		    sizeof *fm->fields);
		fm->fields[fm->nfields++] = f;
	}
}

struct frontmatter *
fm_parse_at(const char *yaml, size_t len, int first_line)
{
	struct frontmatter *fm = xcalloc(1, sizeof *fm);
	struct fmp x;
	yaml_event_t ev;
	size_t i;
	int done = 0;

	memset(&x, 0, sizeof x);
	x.src = (const unsigned char *)yaml;
	x.len = len;
	x.first_line = first_line;
	x.fm = fm;
	x.budget = FM_ALIAS_BUDGET + len;
	if (len >= 3 && memcmp(yaml, "\xef\xbb\xbf", 3) == 0)
		x.start_byte = x.cur_byte = 3;
	if (!yaml_parser_initialize(&x.p))
		die("cannot initialise the YAML parser");
	yaml_parser_set_input_string(&x.p, x.src, len);
	while (!done) {
		if (next(&x, &ev) < 0)
			break;
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_START_EVENT:
			break;
		case YAML_MAPPING_START_EVENT:
			parse_pairs(&x);
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			/* An empty document reads as one empty plain scalar. */
			if (ev.data.scalar.length > 0 ||
			    ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
				fm->error = xasprintf("line %d: frontmatter is "
				    "not a list of \"key: value\" lines",
				    first_line + (int)ev.start_mark.line);
			done = 1;
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_ALIAS_EVENT:
			fm->error = xasprintf("line %d: frontmatter is not a "
			    "list of \"key: value\" lines",
			    first_line + (int)ev.start_mark.line);
			done = 1;
			break;
		default:
			done = 1;
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&x.p);
	for (i = 0; i < x.nanchors; i++) {
		free(x.anchors[i].name);
		free(x.anchors[i].value);
	}
	return fm;
}

struct frontmatter *
fm_parse(const char *yaml, size_t len)
{
	return fm_parse_at(yaml, len, 1);
}

/* ------------------------------------------------------------------ */
/* Emitting                                                           */
/* ------------------------------------------------------------------ */

static int
is_digits(const char *s, const char *set)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!strchr(set, *s))
			return 0;
	return 1;
}

/* Would a YAML 1.1/1.2 reader take this plain text for something other
 * than a string (null, a bool, a number)? */
static int
looks_special(const char *s)
{
	static const char *const words[] = {
		"~", "null", "true", "false", "yes", "no", "on", "off", "y",
		"n", "=", ".inf", "-.inf", "+.inf", ".nan", "<<",
	};
	const char *p = s, *q;
	size_t i;
	int digits = 0;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (str_casecmp(s, words[i]) == 0)
			return 1;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return is_digits(p + 2, "0123456789abcdefABCDEF_");
	if (p[0] == '0' && (p[1] == 'o' || p[1] == 'b'))
		return is_digits(p + 2, "01234567_");
	/* digits, '_', ':' (sexagesimal), one '.', an exponent */
	for (q = p; *q && strchr("0123456789_:", *q); q++)
		digits |= *q >= '0' && *q <= '9';
	if (*q == '.')
		for (q++; *q && strchr("0123456789_", *q); q++)
			digits |= *q >= '0' && *q <= '9';
	if (!digits)
		return 0;
	if (*q == 'e' || *q == 'E') {
		q++;
		if (*q == '-' || *q == '+')
			q++;
		if (!is_digits(q, "0123456789"))
			return 0;
		return 1;
	}
	return *q == '\0';
}

/* Can s be written as a plain scalar (in a flow sequence when flow)? */
static int
plain_ok(const char *s, int flow, int plain)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, w;
	uint32_t cp;

	if (n == 0)
		return 0;
	if (p[0] == ' ' || p[0] == '\t' || p[n - 1] == ' ' ||
	    p[n - 1] == '\t')
		return 0;
	if (strchr("[]{},#&*!|>'\"%@`", p[0]))
		return 0;
	if ((p[0] == '-' || p[0] == '?' || p[0] == ':') &&
	    (n == 1 || strchr(" \t,[]{}", p[1])))
		return 0;
	/* in a flow sequence, ':' may start a mapping and a leading '?'
	 * always is a key */
	if (flow && (strchr(s, ':') || p[0] == '?'))
		return 0;
	if (str_starts(s, "---") || str_starts(s, "..."))
		return 0;
	if (p[n - 1] == ':')
		return 0;
	for (i = 0; i < n; i += w) {
		if (p[i] < 0x20 || p[i] == 0x7f)
			return 0;
		if (p[i] == ':' && strchr(" \t,[]{}", p[i + 1]))
			return 0;
		if (p[i] == '#' && i > 0 && (p[i - 1] == ' ' ||
		    p[i - 1] == '\t'))
			return 0;
		if (flow && strchr(",[]{}", p[i]))
			return 0;
		w = utf8_next(s + i, n - i, &cp);
		if (w == 0)
			return 0;
		/* NEL, C1, LS, PS, BOM: line breaks or invisible to YAML */
		if (w == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			return 0;
		if (w == 3 && ((p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) ||
		    (p[i] == 0xef && p[i + 1] == 0xbb && p[i + 2] == 0xbf)))
			return 0;
	}
	return plain || !looks_special(s);
}

static void
emit_quoted(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i, w;
	uint32_t cp;

	buf_addc(b, '"');
	for (i = 0; i < n; i += w) {
		w = utf8_next(s + i, n - i, &cp);
		if (w == 0) {
			buf_adds(b, "\\uFFFD");
			w = 1;
			continue;
		}
		if (w == 1) {
			switch (p[i]) {
			case '"':
				buf_adds(b, "\\\"");
				break;
			case '\\':
				buf_adds(b, "\\\\");
				break;
			case '\n':
				buf_adds(b, "\\n");
				break;
			case '\t':
				buf_adds(b, "\\t");
				break;
			case '\r':
				buf_adds(b, "\\r");
				break;
			default:
				if (p[i] < 0x20 || p[i] == 0x7f)
					buf_printf(b, "\\x%02X", p[i]);
				else
					buf_addc(b, p[i]);
			}
			continue;
		}
		if (w == 2 && p[i] == 0xc2 && p[i + 1] < 0xa0)
			buf_printf(b, "\\u%04X", p[i + 1]);
		else if (w == 3 && p[i] == 0xe2 && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9))
			buf_printf(b, "\\u%04X", 0x2000 | (p[i + 2] & 0x3f));
		else if (w == 3 && p[i] == 0xef && p[i + 1] == 0xbb &&
		    p[i + 2] == 0xbf)
			buf_adds(b, "\\uFEFF");
		else
			buf_add(b, p + i, w);
	}
	buf_addc(b, '"');
}

static void
emit_scalar(struct buf *b, const char *s, int flow, int plain)
{
	if (plain_ok(s, flow, plain))
		buf_adds(b, s);
	else
		emit_quoted(b, s);
}

char *
fm_emit(const struct frontmatter *fm)
{
	struct buf b = BUF_INIT;
	const struct fm_field *f;
	size_t i, j;

	buf_adds(&b, "---\n");
	for (i = 0; fm && i < fm->nfields; i++) {
		f = &fm->fields[i];
		emit_scalar(&b, f->key, 0, 1);
		buf_addc(&b, ':');
		switch (f->kind) {
		case FM_SCALAR:
			if (f->plain && f->value[0] == '\0')
				break;
			buf_addc(&b, ' ');
			emit_scalar(&b, f->value, 0, f->plain);
			break;
		case FM_LIST:
			buf_adds(&b, " [");
			for (j = 0; j < f->nitems; j++) {
				if (j)
					buf_adds(&b, ", ");
				emit_scalar(&b, f->items[j], 1,
				    f->item_plain && f->item_plain[j]);
			}
			buf_addc(&b, ']');
			break;
		case FM_OTHER:
			buf_addc(&b, f->block ? '\n' : ' ');
			buf_adds(&b, f->raw ? f->raw : "");
			break;
		}
		buf_addc(&b, '\n');
	}
	buf_adds(&b, "---\n");
	return buf_take(&b);
}
