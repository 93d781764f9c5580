/*
 * highlight.h: a table-driven syntax highlighter for code blocks. Each
 * language is a row of data (names, keywords, comment and string
 * delimiters); the scanner marks keywords, strings, comments and numbers.
 * It is a colouring aid, not a parser: any input is accepted.
 */
#ifndef STRATUS_HIGHLIGHT_H
#define STRATUS_HIGHLIGHT_H

#include <stddef.h>

enum hl_class {
	HL_NONE = 0,
	HL_KEYWORD,
	HL_STRING,
	HL_COMMENT,
	HL_NUMBER,
};

/* Is lang (a fence info word such as "bash", "ts" or "terraform",
 * case-insensitive) one the highlighter knows? */
int highlight_known(const char *lang);
/* The class of each of len bytes of code in lang: a new array of len
 * bytes (enum hl_class; caller frees). Unknown or NULL lang: all HL_NONE. */
unsigned char *highlight(const char *lang, const char *code, size_t len);

#endif
