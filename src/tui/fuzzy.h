/*
 * fuzzy.h: fuzzy matching for quick open, scored the way fzf scores (its
 * "v2" algorithm): the pattern's characters must appear in order; a
 * match earns points, consecutive matches and matches at the start of a
 * word (after a space, '-', '/', '_', '.', a case change or a digit
 * boundary) earn more, gaps cost a little. Case is ignored unless the
 * pattern holds an upper-case letter (smart case). Text is UTF-8;
 * characters are compared by code point, lower-cased with towlower.
 */
#ifndef STRATUS_FUZZY_H
#define STRATUS_FUZZY_H

#include <stddef.h>

/* The longest pattern and text considered (in characters); longer texts
 * are matched on their first FUZZY_MAXTEXT characters. */
#define FUZZY_MAXPAT 64
#define FUZZY_MAXTEXT 256

/* Scores of fzf: a match, the start and the extension of a gap, and the
 * bonuses. Exported for the tests that check the ordering they give. */
enum {
	FZ_MATCH = 16,
	FZ_GAP_START = -3,
	FZ_GAP_EXT = -1,
	FZ_BONUS_BOUNDARY = FZ_MATCH / 2,
	FZ_BONUS_WHITE = FZ_MATCH / 2 + 2,
	FZ_BONUS_DELIM = FZ_MATCH / 2 + 1,
	FZ_BONUS_CAMEL = FZ_BONUS_BOUNDARY + FZ_GAP_EXT,
	FZ_BONUS_CONSEC = -(FZ_GAP_START + FZ_GAP_EXT),
	FZ_FIRST_MULT = 2,
};

/*
 * Score pattern against text: -1 when the pattern is not a subsequence
 * of the text, else a score (higher is better; the empty pattern scores
 * 0). When pos is not NULL, the byte offsets in text of the matched
 * characters are stored there, at most maxpos of them, in increasing
 * order; *npos (if not NULL) gets how many were stored.
 */
int fuzzy_score(const char *pattern, const char *text, size_t *pos,
    size_t maxpos, size_t *npos);

#endif
