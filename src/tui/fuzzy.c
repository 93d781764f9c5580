/* fuzzy.c: fzf-style fuzzy scoring for quick open (see fuzzy.h). */
#include "tui/fuzzy.h"
#include "render/width.h"

#include <stdint.h>
#include <string.h>
#include <wctype.h>

enum cclass {
	CC_WHITE,
	CC_NONWORD,
	CC_DELIM,
	CC_LOWER,
	CC_UPPER,
	CC_LETTER,
	CC_NUMBER,
};

#define NEG (-30000)

static enum cclass
char_class(uint32_t c)
{
	if (c < 0x80) {
		if (c >= 'a' && c <= 'z')
			return CC_LOWER;
		if (c >= 'A' && c <= 'Z')
			return CC_UPPER;
		if (c >= '0' && c <= '9')
			return CC_NUMBER;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			return CC_WHITE;
		if (c == '/' || c == ',' || c == ':' || c == ';' || c == '|')
			return CC_DELIM;
		return CC_NONWORD;
	}
	if (iswspace((wint_t)c))
		return CC_WHITE;
	if (iswlower((wint_t)c))
		return CC_LOWER;
	if (iswupper((wint_t)c))
		return CC_UPPER;
	if (iswdigit((wint_t)c))
		return CC_NUMBER;
	if (iswalpha((wint_t)c))
		return CC_LETTER;
	return CC_NONWORD;
}

/* fzf's bonusFor: how much a match at a character of class cur, after
 * one of class prev, is worth on top of FZ_MATCH. */
static int
bonus_for(enum cclass prev, enum cclass cur)
{
	if (cur > CC_DELIM) {
		switch (prev) {
		case CC_WHITE:
			return FZ_BONUS_WHITE;
		case CC_DELIM:
			return FZ_BONUS_DELIM;
		case CC_NONWORD:
			return FZ_BONUS_BOUNDARY;
		default:
			break;
		}
	}
	if ((prev == CC_LOWER && cur == CC_UPPER) ||
	    (prev != CC_NUMBER && cur == CC_NUMBER))
		return FZ_BONUS_CAMEL;
	switch (cur) {
	case CC_NONWORD:
	case CC_DELIM:
		return FZ_BONUS_BOUNDARY;
	case CC_WHITE:
		return FZ_BONUS_WHITE;
	default:
		return 0;
	}
}

static uint32_t
fold(uint32_t c, int sensitive)
{
	if (sensitive)
		return c;
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	return (uint32_t)towlower((wint_t)c);
}

/* The character at s + i (of len bytes) into *cp; returns its length.
 * ASCII, most of any name, without a call. */
static inline size_t
next_char(const char *s, size_t i, size_t len, uint32_t *cp)
{
	if ((unsigned char)s[i] < 0x80) {
		*cp = (unsigned char)s[i];
		return 1;
	}
	return utf8_decode(s + i, len - i, cp);
}

/* Decode up to max characters of s; returns how many. */
static size_t
decode(const char *s, uint32_t *cp, size_t *off, size_t max)
{
	size_t len = strlen(s), i = 0, n = 0;

	while (i < len && n < max) {
		size_t k = next_char(s, i, len, &cp[n]);

		if (off)
			off[n] = i;
		n++;
		i += k;
	}
	return n;
}

/*
 * A cheap first test on bytes: when the pattern is ASCII, its characters
 * (folded unless sensitive) must appear in order in the text's bytes
 * (non-ASCII bytes never equal an ASCII one). Most candidates stop here.
 * A non-ASCII pattern passes (the full test decides).
 */
static int
byte_subsequence(const char *pat, const char *text, int sensitive)
{
	const unsigned char *p = (const unsigned char *)pat;
	const unsigned char *t = (const unsigned char *)text;
	char two[3] = "";	/* a letter in both cases */
	unsigned char a;

	for (; *p; p++)
		if (*p >= 0x80)
			return 1;
	for (p = (const unsigned char *)pat; *p; p++, t++) {
		a = *p;
		if (!sensitive && a >= 'A' && a <= 'Z')
			a += 32;
		if (!sensitive && a >= 'a' && a <= 'z') {
			two[0] = (char)a;
			two[1] = (char)(a - 32);
			t = (const unsigned char *)strpbrk((const char *)t, two);
		} else
			t = (const unsigned char *)strchr((const char *)t, a);
		if (!t)
			return 0;
	}
	return 1;
}

/* One character: the best of its occurrences, no alignment to find (the
 * common case of the first key typed, over every name). */
static int
score_one(uint32_t want, const char *text, int sensitive, size_t *pos,
    size_t maxpos, size_t *npos)
{
	const int top = FZ_MATCH + FZ_BONUS_WHITE * FZ_FIRST_MULT;
	size_t len = strlen(text), i = 0, k, at = 0, n = 0;
	enum cclass prev;
	uint32_t cp, pcp = 0;
	int best = -1, sc;

	/* the classes only where the character is: most have none */
	while (i < len && n < FUZZY_MAXTEXT) {
		k = next_char(text, i, len, &cp);
		if (fold(cp, sensitive) == want) {
			prev = n > 0 ? char_class(pcp) : CC_WHITE;
			sc = FZ_MATCH + bonus_for(prev, char_class(cp)) *
			    FZ_FIRST_MULT;
			if (sc > best) {
				best = sc;
				at = i;
				if (best == top)
					break;	/* no later one does better */
			}
		}
		pcp = cp;
		i += k;
		n++;
	}
	if (best >= 0 && pos && maxpos > 0) {
		pos[0] = at;
		if (npos)
			*npos = 1;
	}
	return best;
}

int
fuzzy_score(const char *pattern, const char *text, size_t *pos,
    size_t maxpos, size_t *npos)
{
	uint32_t pc[FUZZY_MAXPAT], tc[FUZZY_MAXTEXT], raw[FUZZY_MAXTEXT];
	size_t toff[FUZZY_MAXTEXT], m, n, i, j, first, last, k;
	int16_t M[FUZZY_MAXPAT][FUZZY_MAXTEXT];
	int16_t C[FUZZY_MAXPAT][FUZZY_MAXTEXT];
	int16_t G[FUZZY_MAXPAT][FUZZY_MAXTEXT];	/* best gapped score */
	int16_t GK[FUZZY_MAXPAT][FUZZY_MAXTEXT];	/* ... and its column */
	unsigned char D[FUZZY_MAXPAT][FUZZY_MAXTEXT];	/* came diagonally */
	int bonus[FUZZY_MAXTEXT], best = NEG, sensitive = 0;
	size_t bestj = 0;
	enum cclass prev, cur;

	if (npos)
		*npos = 0;
	m = decode(pattern, pc, NULL, FUZZY_MAXPAT);
	if (m == 0)
		return 0;
	for (i = 0; i < m; i++)
		if (pc[i] < 0x80 ? (pc[i] >= 'A' && pc[i] <= 'Z') :
		    iswupper((wint_t)pc[i]) != 0)
			sensitive = 1;
	for (i = 0; i < m; i++)
		pc[i] = fold(pc[i], sensitive);
	if (!byte_subsequence(pattern, text, sensitive))
		return -1;
	if (m == 1)
		return score_one(pc[0], text, sensitive, pos, maxpos, npos);
	n = decode(text, raw, toff, FUZZY_MAXTEXT);

	/* Quick reject, and the window [first, last] worth scoring. */
	for (i = 0, j = 0; j < n && i < m; j++) {
		tc[j] = fold(raw[j], sensitive);
		if (tc[j] == pc[i])
			i++;
	}
	if (i < m)
		return -1;
	for (; j < n; j++)
		tc[j] = fold(raw[j], sensitive);
	for (first = 0; tc[first] != pc[0]; first++)
		;
	for (last = n - 1; tc[last] != pc[m - 1]; last--)
		;

	/* the bonuses of the window alone (a run of matches starts in it) */
	prev = first > 0 ? char_class(raw[first - 1]) : CC_WHITE;
	for (j = first; j <= last; j++) {
		cur = char_class(raw[j]);
		bonus[j] = bonus_for(prev, cur);
		prev = cur;
	}

	for (i = 0; i < m; i++) {
		for (j = first; j <= last; j++) {
			int diag = NEG, gap = NEG, b = bonus[j], c = 1, s;

			M[i][j] = NEG;
			C[i][j] = 0;
			D[i][j] = 0;
			/* Gapped best so far for row i, column j. */
			if (j > first) {
				int a = M[i][j - 1] > NEG ?
				    M[i][j - 1] + FZ_GAP_START : NEG;
				int e = G[i][j - 1] > NEG ?
				    G[i][j - 1] + FZ_GAP_EXT : NEG;

				if (a >= e) {
					G[i][j] = (int16_t)a;
					GK[i][j] = (int16_t)(j - 1);
				} else {
					G[i][j] = (int16_t)e;
					GK[i][j] = GK[i][j - 1];
				}
			} else {
				G[i][j] = NEG;
				GK[i][j] = -1;
			}
			if (tc[j] != pc[i])
				continue;
			if (i == 0) {
				M[i][j] = (int16_t)(FZ_MATCH +
				    b * FZ_FIRST_MULT);
				C[i][j] = 1;
				continue;
			}
			if (j == first)
				continue;
			if (M[i - 1][j - 1] > NEG) {
				int cb = b;

				c = C[i - 1][j - 1] + 1;
				{
					int fb = bonus[j - (size_t)c + 1];

					if (b >= FZ_BONUS_BOUNDARY && b > fb)
						c = 1;
					else {
						if (fb > cb)
							cb = fb;
						if (FZ_BONUS_CONSEC > cb)
							cb = FZ_BONUS_CONSEC;
					}
				}
				diag = M[i - 1][j - 1] + FZ_MATCH + cb;
			}
			if (G[i - 1][j - 1] > NEG)
				gap = G[i - 1][j - 1] + FZ_MATCH + b;
			if (diag == NEG && gap == NEG)
				continue;
			if (diag >= gap) {
				s = diag;
				D[i][j] = 1;
				C[i][j] = (int16_t)c;
			} else {
				s = gap;
				C[i][j] = 1;
			}
			M[i][j] = (int16_t)s;
		}
	}
	for (j = first; j <= last; j++)
		if (M[m - 1][j] > best) {
			best = M[m - 1][j];
			bestj = j;
		}
	if (best == NEG)
		return -1;
	if (pos && maxpos > 0) {
		size_t got = m < maxpos ? m : maxpos;

		j = bestj;
		for (k = m; k-- > 0;) {
			if (k < got)
				pos[k] = toff[j];
			if (k == 0)
				break;
			if (D[k][j])
				j = j - 1;
			else
				j = (size_t)GK[k - 1][j - 1];
		}
		if (npos)
			*npos = got;
	}
	return best;
}
