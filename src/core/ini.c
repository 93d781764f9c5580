/*
 * ini.c: splitting INI text into sections and key = value pairs.
 */
#include "core/ini.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/* Trim blanks (and a CR) from both ends of s, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	*e = '\0';
	return s;
}

void
ini_open(struct ini *r, const char *text, size_t len)
{
	r->copy = xstrndup(text, len);
	r->len = len;
	r->next = r->copy;
	r->line = 0;
}

enum ini_kind
ini_next(struct ini *r, char **key, char **value)
{
	char *line, *s, *eq, *close;
	char *k = NULL, *v = NULL;
	enum ini_kind kind = INI_END;

	while (kind == INI_END && (line = r->next) != NULL) {
		r->next = strchr(line, '\n');
		if (r->next)
			*r->next++ = '\0';
		r->line++;
		s = trim(line);
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		v = s + strlen(s);	/* "" */
		if (*s == '[') {
			close = strchr(s, ']');
			if (close && close[1] == '\0') {
				*close = '\0';
				kind = INI_SECTION;
			} else {
				kind = INI_BAD_SECTION;
			}
			k = trim(s + 1);
		} else if ((eq = strchr(s, '=')) != NULL) {
			*eq = '\0';
			k = trim(s);
			v = trim(eq + 1);
			kind = INI_PAIR;
		} else {
			k = s;
			kind = INI_NO_EQUALS;
		}
	}
	if (key)
		*key = k;
	if (value)
		*value = v;
	return kind;
}

void
ini_close(struct ini *r)
{
	if (!r->copy)
		return;
	explicit_bzero(r->copy, r->len);
	free(r->copy);
	r->copy = NULL;
	r->next = NULL;
}
