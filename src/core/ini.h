/*
 * ini.h: the one INI reader (stratus config, themes, AWS credentials):
 * "[section]" lines, "key = value" lines, blank lines and '#' or ';'
 * comments; blanks around names and values trimmed; CRLF accepted.
 * The reader only splits lines; what a section or key means, and which
 * problems are errors, is the caller's.
 */
#ifndef STRATUS_INI_H
#define STRATUS_INI_H

#include <stddef.h>

enum ini_kind {
	INI_END,		/* no more lines */
	INI_SECTION,		/* "[name]": name in key */
	INI_PAIR,		/* "key = value": key and value */
	INI_BAD_SECTION,	/* '[' without a closing ']' at the end:
				 * the text after '[' in key */
	INI_NO_EQUALS,		/* a line with no '=': the line in key */
};

struct ini {
	char *copy;		/* owned: the text, cut into lines */
	size_t len;
	char *next;		/* the next line, or NULL at the end */
	int line;		/* 1-based number of the line last read */
};

/* Start reading text (len bytes; a NUL ends it early). */
void ini_open(struct ini *r, const char *text, size_t len);
/* Read the next meaningful line: its kind, with *key and *value (each
 * may be NULL) pointing into r, valid until ini_close(). *value is ""
 * but for INI_PAIR. r->line is the line's number. */
enum ini_kind ini_next(struct ini *r, char **key, char **value);
/* Wipe (explicit_bzero, secrets may be in it) and free the copy. */
void ini_close(struct ini *r);

#endif
