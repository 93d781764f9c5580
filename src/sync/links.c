/*
 * links.c: [remote] wikilinks = markdown: wikilinks of a body pushed as
 * Markdown links in the site's own form ([label](/node?id=slug)), and
 * exactly those turned back into the original wikilinks on pull, so that
 * a round trip gives the same bytes (see links.h).
 */
#include "sync/links.h"
#include "core/buf.h"
#include "core/util.h"
#include "sync/map.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* Wikilinks longer than this are left alone. */
#define WIKI_MAX 512

/* The slug a wikilink target names: its last path part without #heading,
 * extension or language suffix, by the backend's slug rule. */
static char *
target_slug(const char *t, size_t n)
{
	char *s = xstrndup(t, n), *p, *slash, *slug;
	size_t l;

	if ((p = strchr(s, '#')))
		*p = '\0';
	slash = strrchr(s, '/');
	p = slash ? slash + 1 : s;
	l = strlen(p);
	if (l > 4 && strcmp(p + l - 4, ".mdx") == 0)
		p[l -= 4] = '\0';
	else if (l > 3 && strcmp(p + l - 3, ".md") == 0)
		p[l -= 3] = '\0';
	if (l > 3 && p[l - 3] == '.' && (strcmp(p + l - 2, "es") == 0 ||
	    strcmp(p + l - 2, "en") == 0))
		p[l - 3] = '\0';
	slug = backend_slug(p);
	free(s);
	return slug;
}

/* Is the byte at i the start of a fenced code line ("```" or "~~~")? */
static int
fence_at(const char *s, size_t len, size_t i)
{
	size_t k = i;

	while (k < len && k - i < 4 && s[k] == ' ')
		k++;
	return k + 3 <= len && (memcmp(s + k, "```", 3) == 0 ||
	    memcmp(s + k, "~~~", 3) == 0);
}

char *
links_to_markdown(const char *s, size_t len, size_t *outlen,
    struct cJSON *pairs)
{
	struct buf b = BUF_INIT;
	size_t i = 0;
	int fenced = 0, bol = 1;

	while (i < len) {
		if (bol && fence_at(s, len, i))
			fenced = !fenced;
		bol = 0;
		if (s[i] == '\n')
			bol = 1;
		if (!fenced && s[i] == '`') {
			/* inline code: copied as it is */
			size_t e = i + 1;

			while (e < len && s[e] != '`' && s[e] != '\n')
				e++;
			if (e < len && s[e] == '`') {
				buf_add(&b, s + i, e + 1 - i);
				i = e + 1;
				continue;
			}
		}
		if (!fenced && i + 1 < len && s[i] == '[' && s[i + 1] == '[' &&
		    !(i > 0 && s[i - 1] == '!')) {
			const char *end = NULL, *bar;
			size_t k;

			for (k = i + 2; k + 1 < len && k - i < WIKI_MAX; k++) {
				if (s[k] == '\n' || s[k] == '[')
					break;
				if (s[k] == ']' && s[k + 1] == ']') {
					end = s + k;
					break;
				}
			}
			if (end && end > s + i + 2) {
				const char *t = s + i + 2;
				char *slug, *md, *wiki;

				bar = memchr(t, '|', (size_t)(end - t));
				slug = target_slug(t, (size_t)((bar ? bar :
				    end) - t));
				if (slug) {
					const char *lab = bar ? bar + 1 : t;
					size_t ll = (size_t)(end - lab);
					cJSON *pair = cJSON_CreateArray();

					md = xasprintf("[%.*s](/node?id=%s)",
					    (int)ll, lab, slug);
					wiki = xstrndup(s + i, (size_t)(end +
					    2 - (s + i)));
					buf_adds(&b, md);
					cJSON_AddItemToArray(pair,
					    cJSON_CreateString(md));
					cJSON_AddItemToArray(pair,
					    cJSON_CreateString(wiki));
					cJSON_AddItemToArray(pairs, pair);
					i = (size_t)(end + 2 - s);
					free(md);
					free(wiki);
					free(slug);
					continue;
				}
			}
		}
		buf_addc(&b, s[i]);
		i++;
	}
	*outlen = b.len;
	return buf_take(&b);
}

/* A recorded conversion: its Markdown text, its wikilink, its order. */
struct rec {
	const char *md, *wiki;
	size_t mdlen;
	int order;
	int used;
};

static int
cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int c = strcmp(x->md, y->md);

	return c ? c : x->order - y->order;
}

/* The length of the site link "[label](/node?id=slug)" at s, or 0. */
static size_t
site_link_len(const char *s, size_t len)
{
	static const char mid[] = "](/node?id=";
	size_t k, e;

	for (k = 1; k + sizeof mid - 1 <= len && s[k] != '\n' &&
	    k < WIKI_MAX + 2; k++) {
		if (memcmp(s + k, mid, sizeof mid - 1) != 0)
			continue;
		for (e = k + sizeof mid - 1; e < len && e - k < 260; e++)
			if (s[e] == ')')
				return e + 1;
			else if (!((s[e] >= 'a' && s[e] <= 'z') ||
			    (s[e] >= '0' && s[e] <= '9') || s[e] == '-'))
				return 0;
		return 0;
	}
	return 0;
}

char *
links_from_markdown(const char *s, size_t len, size_t *outlen,
    const struct cJSON *pairs)
{
	struct buf b = BUF_INIT;
	int n = cJSON_GetArraySize(pairs), k, nr = 0;
	struct rec *rec = xcalloc((size_t)n + 1, sizeof *rec);
	size_t i = 0;

	for (k = 0; k < n; k++) {
		const cJSON *p = cJSON_GetArrayItem(pairs, k);
		const cJSON *md = cJSON_GetArrayItem(p, 0);
		const cJSON *wiki = cJSON_GetArrayItem(p, 1);

		if (!cJSON_IsString(md) || !cJSON_IsString(wiki) ||
		    !*md->valuestring)
			continue;
		rec[nr].md = md->valuestring;
		rec[nr].mdlen = strlen(md->valuestring);
		rec[nr].wiki = wiki->valuestring;
		rec[nr].order = k;
		nr++;
	}
	if (nr > 1)
		qsort(rec, (size_t)nr, sizeof *rec, cmp_rec);
	while (i < len) {
		size_t ml = s[i] == '[' && nr ? site_link_len(s + i, len - i) :
		    0;

		if (ml) {
			/* the first unused conversion that wrote this text */
			struct rec key, *r;
			char *cand = xstrndup(s + i, ml);
			size_t lo = 0, hi = (size_t)nr;

			key.md = cand;
			key.order = -1;
			while (lo < hi) {
				size_t mid = (lo + hi) / 2;

				if (cmp_rec(&rec[mid], &key) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			free(cand);
			for (r = rec + lo; r < rec + nr && r->mdlen == ml &&
			    memcmp(r->md, s + i, ml) == 0 && r->used; r++)
				;
			if (r < rec + nr && r->mdlen == ml &&
			    memcmp(r->md, s + i, ml) == 0) {
				r->used = 1;
				buf_adds(&b, r->wiki);
				i += ml;
				continue;
			}
		}
		buf_addc(&b, s[i]);
		i++;
	}
	free(rec);
	*outlen = b.len;
	return buf_take(&b);
}
