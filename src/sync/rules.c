/*
 * rules.c: the backend's own rules that a sync must apply as it does:
 * word counts (body.split(/\s+/).length), dates (toISOString, UTC) and
 * slugs (generateSlug: accents stripped). See map.h.
 */
#include "sync/map.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "core/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The length of the whitespace character (JavaScript's \s) at s, 0 if
 * none. */
static size_t
js_space(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len;

	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r'))
		return 1;
	len = utf8_next((const char *)s, n, &cp);
	if (len < 2)
		return 0;
	if (cp == 0xa0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) ||
	    cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	    cp == 0x3000 || cp == 0xfeff)
		return len;
	return 0;
}

long
word_count(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	long runs = 0;
	int in = 0;
	size_t i = 0, w;

	/* body.split(/\s+/).length: one more than the runs of spaces */
	while (i < len) {
		w = js_space(p + i, len - i);
		if (w) {
			if (!in)
				runs++;
			in = 1;
			i += w;
		} else {
			in = 0;
			i++;
		}
	}
	return runs + 1;
}

/* n digits at s as a number, or -1. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

char *
iso_utc(const char *v)
{
	struct tm tm;
	time_t t;
	int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0, off = 0;
	const char *p;
	char out[32];

	if (!v || strlen(v) < 10 || v[4] != '-' || v[7] != '-')
		return NULL;
	y = digits(v, 4);
	mo = digits(v + 5, 2);
	d = digits(v + 8, 2);
	if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return NULL;
	p = v + 10;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		h = digits(p + 1, 2);
		if (h < 0 || p[3] != ':' || (mi = digits(p + 4, 2)) < 0)
			return NULL;
		p += 6;
		if (*p == ':') {
			if ((sec = digits(p + 1, 2)) < 0)
				return NULL;
			p += 3;
			if (*p == '.' || *p == ',') {
				int k = 0, scale = 100;

				for (p++; *p >= '0' && *p <= '9'; p++, k++) {
					ms += (*p - '0') * scale;
					scale /= 10;
				}
				if (k == 0)
					return NULL;
			}
		}
		while (*p == ' ')
			p++;
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh = digits(p + 1, 2), om;

			if (oh < 0)
				return NULL;
			om = p[3] == ':' ? digits(p + 4, 2) : digits(p + 3, 2);
			if (om < 0)
				om = 0;
			off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
			p += p[3] == ':' ? 6 : (p[3] >= '0' && p[3] <= '9' ?
			    5 : 3);
		}
	}
	if (*p || h > 23 || mi > 59 || sec > 60)
		return NULL;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm) - (time_t)off * 60;
	gmtime_r(&t, &tm);
	strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s.%03dZ", out, ms);
}

/* The base letters of U+00C0..U+017F once accents are stripped (NFD
 * without combining marks); '-' for letters that do not decompose. */
static const char latin_base[] =
    "AAAAAA-CEEEEIIII-NOOOOO--UUUUY--"
    "aaaaaa-ceeeeiiii-nooooo--uuuuy-y"
    "AaAaAaCcCcCcCcDd--EeEeEeEeEeGgGgGgGgHh--IiIiIiIiI---JjKk-LlLlLl-"
    "---NnNnNn---OoOoOo--RrRrRrSsSsSsSsTtTt--UuUuUuUuUuUuWwYyYZzZzZz-";

char *
backend_slug(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	struct buf b = BUF_INIT;
	int dash = 0;
	char *out;

	while (i < n) {
		uint32_t cp;
		int c = -1;

		len = utf8_next(s + i, n - i, &cp);
		if (len == 0) {
			len = 1;
			cp = 0xfffd;	/* invalid: not a letter */
		}
		i += len;
		if (cp >= 0x300 && cp <= 0x36f)
			continue;	/* a combining accent (NFD names) */
		if (cp < 0x80 && ((cp >= 'a' && cp <= 'z') ||
		    (cp >= '0' && cp <= '9')))
			c = (int)cp;
		else if (cp >= 'A' && cp <= 'Z')
			c = (int)cp + 32;
		else if (cp >= 0xc0 && cp <= 0x17f &&
		    latin_base[cp - 0xc0] != '-')
			c = latin_base[cp - 0xc0] | 0x20;
		if (c < 0) {
			dash = b.len > 0;
			continue;
		}
		if (dash)
			buf_addc(&b, '-');
		dash = 0;
		buf_addc(&b, c);
	}
	out = buf_take(&b);
	if (!slug_valid(out)) {
		free(out);
		return NULL;
	}
	return out;
}
