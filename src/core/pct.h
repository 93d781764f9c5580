/*
 * pct.h: percent-decoding of link targets ("My%20Note.md"), the one rule
 * the index, the renderer and the explorer share so that they agree on
 * what a link names.
 */
#ifndef STRATUS_PCT_H
#define STRATUS_PCT_H

#include <stddef.h>

/* Value of a hexadecimal digit, or -1. */
int pct_hexval(int c);
/* A new string: s (n bytes) with every %XX decoded, or s as written when
 * it holds no '%' or when the decoded bytes would not be valid UTF-8 free
 * of control characters (so "%00" or "%ff" never reach a path). The
 * caller frees it. */
char *pct_decode(const char *s, size_t n);

#endif
