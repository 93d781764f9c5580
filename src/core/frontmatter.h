/*
 * frontmatter.h: the YAML block between '---' lines at the top of a note,
 * read with libyaml. Every field is kept, in order, known or not.
 *
 * Anchors and aliases are never expanded into collections (a "YAML bomb"
 * stays as small as its source): an alias of a scalar gives that scalar
 * (within a budget), an alias of anything else is kept as FM_OTHER "*name".
 */
#ifndef STRATUS_FRONTMATTER_H
#define STRATUS_FRONTMATTER_H

#include <stddef.h>

enum fm_kind {
	FM_SCALAR,	/* value */
	FM_LIST,	/* items: a sequence of scalars */
	FM_OTHER,	/* raw: the YAML source of a map or nested value */
};

struct fm_field {
	char *key;
	enum fm_kind kind;
	char *value;	/* FM_SCALAR */
	char **items;	/* FM_LIST */
	size_t nitems;
	char *raw;	/* FM_OTHER: the YAML text as written */
	int line;	/* line of the key (see fm_parse_at); 0 when set */
	int *item_lines;	/* FM_LIST: the line of each item, or NULL */
	int plain;	/* FM_SCALAR written unquoted (a number, date, bool
			 * stays unquoted when emitted) */
	unsigned char *item_plain;	/* FM_LIST: the same per item, or NULL */
	int block;	/* FM_OTHER: raw starts on the line after the key */
};

struct frontmatter {
	struct fm_field *fields;
	size_t nfields;
	char *error;	/* NULL, or "line N: what is wrong" for broken YAML */
};

/*
 * Find the frontmatter at the top of data: a line "---" first (after an
 * optional UTF-8 BOM; CRLF accepted) up to the next "---" or "..." line.
 * Returns 1 and sets *yaml_off and *yaml_len (the YAML text) and *body_off
 * (the first byte after the closing line), or 0 when there is none.
 */
int fm_locate(const char *data, size_t len, size_t *yaml_off,
    size_t *yaml_len, size_t *body_off);
/* Parse YAML text. Never NULL; on broken YAML, error is set and the
 * fields read before the error are kept. Lines count from 1. */
struct frontmatter *fm_parse(const char *yaml, size_t len);
/* The same, numbering lines from first_line (the file line of the YAML
 * text's first line, 2 for a note), in fields and in error. */
struct frontmatter *fm_parse_at(const char *yaml, size_t len, int first_line);
void fm_free(struct frontmatter *fm);
/* The field named key, or NULL. */
const struct fm_field *fm_get(const struct frontmatter *fm, const char *key);
/* A scalar's value, or NULL when absent or not a scalar. */
const char *fm_scalar(const struct frontmatter *fm, const char *key);
/*
 * Write fields back as YAML (between --- lines) into a new string. Values
 * are quoted where they need it, so fm_parse() of the result gives the
 * same fields (keys, kinds, values, items; FM_OTHER raw as written).
 */
char *fm_emit(const struct frontmatter *fm);
/* Set a scalar / list, replacing a field of that key or appending. */
void fm_set_scalar(struct frontmatter *fm, const char *key, const char *v);
void fm_set_list(struct frontmatter *fm, const char *key, char *const *items,
    size_t n);

#endif
