/* map.c: note <-> node mapping and the cleaning of cloud data (map.h). */
#include "sync/map.h"
#include "core/frontmatter.h"
#include "core/note.h"
#include "core/strpool.h"
#include "core/utf8.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

const char *const lang_names[NLANGS] = {"es", "en"};

static const char *const folders[][2] = {
	{"concept", "concepts"}, {"note", "notes"},
	{"experiment", "experiments"}, {"essay", "essays"},
};

void
node_clear(struct node *nd)
{
	size_t i;

	if (!nd)
		return;
	free(nd->slug);
	free(nd->node_type);
	free(nd->status);
	free(nd->visibility);
	free(nd->title);
	free(nd->title_es);
	free(nd->title_en);
	free(nd->summary_es);
	free(nd->summary_en);
	for (i = 0; i < nd->ntags; i++)
		free(nd->tags[i]);
	free(nd->tags);
	free(nd->created_at);
	free(nd->updated_at);
	for (i = 0; i < nd->nedges; i++)
		free(nd->edges[i]);
	free(nd->edges);
	for (i = 0; i < NLANGS; i++) {
		free(nd->body[i]);
		free(nd->etag[i]);
	}
	memset(nd, 0, sizeof *nd);
}

static int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

const unsigned char *
hash_pool(struct strpool *pool, const char *hex)
{
	unsigned char h[HASH_LEN];
	size_t i;
	int hi, lo;

	if (!hex || strlen(hex) != 2 * HASH_LEN)
		return NULL;
	for (i = 0; i < HASH_LEN; i++) {
		if ((hi = hex_digit(hex[2 * i])) < 0 ||
		    (lo = hex_digit(hex[2 * i + 1])) < 0)
			return NULL;
		h[i] = (unsigned char)(hi << 4 | lo);
	}
	return (const unsigned char *)strpool_copyn(pool, (const char *)h,
	    HASH_LEN);
}

char *
hash_hex(const unsigned char *h, char hex[2 * HASH_LEN + 1])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	if (!h)
		return NULL;
	for (i = 0; i < HASH_LEN; i++) {
		hex[2 * i] = digits[h[i] >> 4];
		hex[2 * i + 1] = digits[h[i] & 15];
	}
	hex[2 * HASH_LEN] = '\0';
	return hex;
}

int
hash_is(const unsigned char *h, const char *hex)
{
	char mine[2 * HASH_LEN + 1];

	return h && hex && strcmp(hash_hex(h, mine), hex) == 0;
}

void
local_note_clear(struct local_note *ln)
{
	if (!ln)
		return;
	local_note_unload(ln);
	free(ln->edges);
	memset(ln, 0, sizeof *ln);
}

int
slug_valid(const char *s)
{
	size_t n = 0;
	int prev_dash = 1;

	if (!s || !*s)
		return 0;
	for (; *s; s++, n++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
			prev_dash = 0;
		else if (*s == '-' && !prev_dash)
			prev_dash = 1;
		else
			return 0;
	}
	return !prev_dash && n <= 200;
}

int
node_type_valid(const char *t)
{
	size_t n = 0;

	if (!t || !(*t >= 'a' && *t <= 'z'))
		return 0;
	for (; *t; t++, n++)
		if (!((*t >= 'a' && *t <= 'z') || (*t >= '0' && *t <= '9') ||
		    *t == '-'))
			return 0;
	return n <= 40;
}

int
updated_valid(const char *u)
{
	size_t n = 0;

	if (!u || !*u)
		return 0;
	for (; *u; u++, n++)
		if (*u < 0x21 || *u > 0x7e)
			return 0;
	return n <= 64;
}

int
node_type_known(const char *t)
{
	size_t i;

	for (i = 0; t && i < sizeof folders / sizeof folders[0]; i++)
		if (strcmp(t, folders[i][0]) == 0)
			return 1;
	return 0;
}

char *
type_folder(const char *type)
{
	size_t i;

	for (i = 0; i < sizeof folders / sizeof folders[0]; i++)
		if (strcmp(type, folders[i][0]) == 0)
			return xstrdup(folders[i][1]);
	return xstrdup(type);
}

int
lang_slot(const char *lang)
{
	if (lang && strcmp(lang, "es") == 0)
		return LANG_ES;
	if (lang && strcmp(lang, "en") == 0)
		return LANG_EN;
	return -1;
}

size_t
clean_text(const char *s, size_t len, int multiline, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, fixed = 0, n;
	uint32_t cp;

	while (i < len) {
		unsigned c = p[i];

		n = utf8_next(s + i, len - i, &cp);
		if (n == 0) {
			buf_adds(out, "\xef\xbf\xbd");
			fixed++;
			i++;
			continue;
		}
		if (n == 1) {
			if (c == '\r' && multiline) {
				i++;
				continue;
			}
			if ((c == '\n' || c == '\t') && multiline) {
				buf_addc(out, (int)c);
			} else if (c < 0x20 || c == 0x7f) {
				if (c == '\n' || c == '\t')
					buf_addc(out, ' ');
				fixed++;
			} else {
				buf_addc(out, (int)c);
			}
			i++;
			continue;
		}
		/* C1 controls are U+0080..U+009F: 0xc2 0x80..0x9f */
		if (n == 2 && c == 0xc2 && p[i + 1] < 0xa0) {
			fixed++;
			i += 2;
			continue;
		}
		buf_add(out, p + i, n);
		i += n;
	}
	return fixed;
}

static char *
clean_dup(const char *s, int multiline, size_t *fixed)
{
	struct buf b = BUF_INIT;

	*fixed += clean_text(s, strlen(s), multiline, &b);
	return buf_take(&b);
}

char *
iso_now(void)
{
	struct timeval tv;
	struct tm tm;
	char t[32];

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(t, sizeof t, "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s.%03ldZ", t, (long)(tv.tv_usec / 1000));
}

char *
stamp_now(void)
{
	time_t now = time(NULL);
	struct tm tm;
	char t[32];

	gmtime_r(&now, &tm);
	strftime(t, sizeof t, "%Y%m%dT%H%M%SZ", &tm);
	return xstrdup(t);
}

void
ddb_put_s(cJSON *obj, const char *name, const char *v)
{
	cJSON *a = cJSON_AddObjectToObject(obj, name);

	cJSON_AddStringToObject(a, "S", v ? v : "");
}

const char *
ddb_get_s(const cJSON *item, const char *name)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(item, name), *s;

	s = cJSON_GetObjectItemCaseSensitive(a, "S");
	return cJSON_IsString(s) ? s->valuestring : NULL;
}

static void
ddb_put_n(cJSON *obj, const char *name, long v)
{
	cJSON *a = cJSON_AddObjectToObject(obj, name);
	char num[32];

	snprintf(num, sizeof num, "%ld", v);
	cJSON_AddStringToObject(a, "N", num);
}

static void
ddb_put_list(cJSON *obj, const char *name, char *const *v, size_t n)
{
	cJSON *a = cJSON_AddObjectToObject(obj, name);
	cJSON *l = cJSON_AddArrayToObject(a, "L");
	size_t i;

	for (i = 0; i < n; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "S", v[i]);
		cJSON_AddItemToArray(l, e);
	}
}

/* Append s to a list unless present. */
static void
add_unique(char ***v, size_t *n, size_t *cap, const char *s)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*v)[i], s) == 0)
			return;
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

static char *
trimmed(const char *s)
{
	const char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return xstrndup(s, (size_t)(e - s));
}

static void
fm_tags(const struct frontmatter *fm, char ***v, size_t *n, size_t *cap)
{
	const struct fm_field *f = fm ? fm_get(fm, "tags") : NULL;
	size_t i;

	if (!f)
		return;
	if (f->kind == FM_LIST) {
		for (i = 0; i < f->nitems; i++) {
			char *t = trimmed(f->items[i]);

			if (*t)
				add_unique(v, n, cap, t);
			free(t);
		}
	} else if (f->kind == FM_SCALAR && f->value) {
		char *copy = xstrdup(f->value), *s = copy, *comma;

		for (;;) {
			char *t;

			comma = strchr(s, ',');
			if (comma)
				*comma = '\0';
			t = trimmed(s);
			if (*t)
				add_unique(v, n, cap, t);
			free(t);
			if (!comma)
				break;
			s = comma + 1;
		}
		free(copy);
	}
}

static int
str_same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *
nonempty(const char *s)
{
	return s && *s ? s : NULL;
}

void
local_note_unload(struct local_note *ln)
{
	int l;

	for (l = 0; ln->text && l < NLANGS; l++) {
		free(ln->text->data[l]);
		note_free(ln->text->n[l]);
	}
	free(ln->text);
	ln->text = NULL;
}

const struct note *
local_parse(const struct local_note *ln, int lang)
{
	return ln && ln->text ? ln->text->n[lang] : NULL;
}

const char *
local_data(const struct local_note *ln, int lang, size_t *len)
{
	*len = 0;
	if (!ln || !ln->text || !ln->text->data[lang])
		return NULL;
	*len = ln->text->len[lang];
	return ln->text->data[lang];
}

const char *
local_body(const struct local_note *ln, int lang, size_t *len)
{
	const struct note *n = local_parse(ln, lang);
	const char *data = local_data(ln, lang, len);
	size_t off;

	if (!n || !data)
		return NULL;
	off = n->body_offset < *len ? n->body_offset : *len;
	*len -= off;
	return data + off;
}

static const char *
fm_of(const struct local_note *ln, int i, const char *key)
{
	const struct note *n = local_parse(ln, i);

	if (!n || !n->fm)
		return NULL;
	return nonempty(fm_scalar(n->fm, key));
}

/* The first of both files' frontmatter values for key. */
static const char *
fm_any(const struct local_note *ln, const char *key)
{
	const char *v = fm_of(ln, LANG_ES, key);

	return v ? v : fm_of(ln, LANG_EN, key);
}

void
node_from_local(const struct local_note *ln, struct node *nd)
{
	const char *title[NLANGS] = {NULL, NULL}, *sum[NLANGS] = {NULL, NULL};
	const char *v;
	size_t cap = 0, i;
	int l;

	for (l = 0; l < NLANGS; l++)	/* scan_load() first */
		assert(!ln->path[l] || local_parse(ln, l));
	memset(nd, 0, sizeof *nd);
	nd->slug = xstrdup(ln->slug);
	v = NULL;
	for (l = 0; l < NLANGS && !v; l++)
		if (local_parse(ln, l))
			v = nonempty(local_parse(ln, l)->type);
	nd->node_type = xstrdup(v ? v : "concept");
	v = fm_any(ln, "status");
	nd->status = xstrdup(v ? v : "seed");
	v = fm_any(ln, "visibility");
	nd->visibility = v ? xstrdup(v) : NULL;
	for (l = 0; l < NLANGS; l++) {
		const struct note *n = local_parse(ln, l);
		const struct note *on = local_parse(ln, !l);
		const struct frontmatter *fm = n ? n->fm : NULL;
		const struct frontmatter *ofm = on ? on->fm : NULL;
		char key[16];

		/* a file's own fields first, then the other file's
		 * title_LANG / summary_LANG; a field present but empty
		 * counts (so an empty summary survives a round trip) */
		snprintf(key, sizeof key, "title_%s", lang_names[l]);
		if (fm && nonempty(fm_scalar(fm, key)))
			title[l] = fm_scalar(fm, key);
		else if (fm && nonempty(fm_scalar(fm, "title")))
			title[l] = fm_scalar(fm, "title");
		else if (n)
			title[l] = nonempty(n->title);
		else if (ofm)
			title[l] = nonempty(fm_scalar(ofm, key));
		snprintf(key, sizeof key, "summary_%s", lang_names[l]);
		if (fm && fm_scalar(fm, key))
			sum[l] = fm_scalar(fm, key);
		else if (fm && fm_scalar(fm, "summary"))
			sum[l] = fm_scalar(fm, "summary");
		else if (n && nonempty(n->summary))
			sum[l] = n->summary;
		else if (ofm)
			sum[l] = fm_scalar(ofm, key);
	}
	for (l = 0; l < NLANGS; l++) {
		if (!title[l])
			title[l] = title[!l];
		if (!sum[l])
			sum[l] = sum[!l];
	}
	nd->title_es = xstrdup(title[LANG_ES] ? title[LANG_ES] : ln->slug);
	nd->title_en = xstrdup(title[LANG_EN] ? title[LANG_EN] : ln->slug);
	/* the node's own title: the frontmatter title, Spanish file
	 * first (as the backend's import tool reads it) */
	v = fm_any(ln, "title");
	nd->title = xstrdup(v ? v : nd->title_es);
	nd->summary_es = xstrdup(sum[LANG_ES] ? sum[LANG_ES] : "");
	nd->summary_en = xstrdup(sum[LANG_EN] ? sum[LANG_EN] : "");
	for (l = 0; l < NLANGS; l++)
		if (local_parse(ln, l))
			fm_tags(local_parse(ln, l)->fm, &nd->tags, &nd->ntags,
			    &cap);
	v = fm_any(ln, "created");
	nd->created_at = v ? iso_utc(v) : NULL;
	nd->edges = xcalloc(ln->nedges + 1, sizeof *nd->edges);
	for (i = 0; i < ln->nedges; i++)
		nd->edges[i] = xstrdup(ln->edges[i]);
	nd->nedges = ln->nedges;
	for (l = 0; l < NLANGS; l++) {
		const char *body = local_body(ln, l, &nd->body_len[l]);

		if (body)
			nd->body[l] = xstrndup(body, nd->body_len[l]);
	}
}

int
node_from_item(const cJSON *item, struct node *nd, size_t *fixed,
    char **cause)
{
	static const char *const strs[] = {"status", "visibility", "title",
	    "title_es", "title_en", "summary_es", "summary_en", "created_at",
	    "updated_at"};
	char **dst[] = {&nd->status, &nd->visibility, &nd->title,
	    &nd->title_es, &nd->title_en, &nd->summary_es, &nd->summary_en,
	    &nd->created_at, &nd->updated_at};
	const char *slug = ddb_get_s(item, "slug"), *pk = ddb_get_s(item, "PK");
	const char *type = ddb_get_s(item, "node_type");
	const cJSON *tags, *t;
	size_t i, cap = 0;

	memset(nd, 0, sizeof *nd);
	if (!slug && pk && str_starts(pk, "NODE#"))
		slug = pk + 5;
	if (!slug_valid(slug))
		return fail(cause, "its slug is not a valid slug");
	if (pk && strcmp(pk + (str_starts(pk, "NODE#") ? 5 : 0), slug) != 0)
		return fail(cause, "its slug attribute names another node");
	if (!node_type_valid(type))
		return fail(cause, "node type is not a safe name");
	nd->slug = xstrdup(slug);
	nd->node_type = xstrdup(type);
	for (i = 0; i < sizeof strs / sizeof strs[0]; i++) {
		const char *v = ddb_get_s(item, strs[i]);

		if (v && strlen(v) > 64 * 1024) {
			(*fixed)++;
			v = NULL;
		}
		*dst[i] = v ? clean_dup(v, 0, fixed) : NULL;
	}
	/* as a pull writes it, and so as the note reads back */
	if (!nd->status || !*nd->status) {
		free(nd->status);
		nd->status = xstrdup("seed");
	}
	tags = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    item, "tags"), "L");
	if (!tags)
		tags = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(item, "tags"), "SS");
	cJSON_ArrayForEach(t, tags) {
		const cJSON *s = cJSON_IsString(t) ? t :
		    cJSON_GetObjectItemCaseSensitive(t, "S");
		char *c, *tt;

		if (!cJSON_IsString(s) || nd->ntags >= 1000)
			continue;
		/* trimmed as a note's tags are read back (fm_tags), so that
		 * " " is no tag and " x" is "x" on both sides */
		c = clean_dup(s->valuestring, 0, fixed);
		tt = trimmed(c);
		if (*tt)
			add_unique(&nd->tags, &nd->ntags, &cap, tt);
		free(tt);
		free(c);
	}
	return 0;
}

void
node_add_edge(struct node *nd, const char *t)
{
	if (!slug_valid(t) || (nd->slug && strcmp(t, nd->slug) == 0) ||
	    nd->nedges >= NODE_EDGES_MAX)
		return;
	nd->edges = xgrow(nd->edges, &nd->edges_cap, nd->nedges + 1,
	    sizeof *nd->edges);
	nd->edges[nd->nedges++] = xstrdup(t);
}

void
node_sort_edges(struct node *nd)
{
	size_t i, k = 0;

	if (nd->nedges < 2)
		return;
	qsort(nd->edges, nd->nedges, sizeof *nd->edges, cmp_strp);
	for (i = 0; i < nd->nedges; i++) {
		if (k > 0 && strcmp(nd->edges[k - 1], nd->edges[i]) == 0)
			free(nd->edges[i]);
		else
			nd->edges[k++] = nd->edges[i];
	}
	nd->nedges = k;
}

void
node_take_body(struct node *nd, int lang, const char *data, size_t len,
    const char *etag, size_t *fixed)
{
	struct buf b = BUF_INIT;

	*fixed += clean_text(data, len, 1, &b);
	free(nd->body[lang]);
	nd->body_len[lang] = b.len;
	nd->body[lang] = buf_take(&b);
	free(nd->etag[lang]);
	nd->etag[lang] = etag ? xstrdup(etag) : NULL;
}

void
node_meta_attrs(const struct node *nd, cJSON *item)
{
	char *gsi = xasprintf("STATUS#%s", nd->status);
	long wc;

	ddb_put_s(item, "slug", nd->slug);
	ddb_put_s(item, "node_type", nd->node_type);
	ddb_put_s(item, "status", nd->status);
	if (nd->visibility)
		ddb_put_s(item, "visibility", nd->visibility);
	ddb_put_s(item, "title", nd->title);
	ddb_put_s(item, "title_es", nd->title_es);
	ddb_put_s(item, "title_en", nd->title_en);
	ddb_put_s(item, "summary_es", nd->summary_es);
	ddb_put_s(item, "summary_en", nd->summary_en);
	ddb_put_list(item, "tags", nd->tags, nd->ntags);
	if (nd->created_at)
		ddb_put_s(item, "created_at", nd->created_at);
	ddb_put_s(item, "updated_at", nd->updated_at);
	/* counted the backend's way, and left alone when the body is the
	 * cloud's already */
	if (!nd->body_same[LANG_ES]) {
		wc = nd->body[LANG_ES] ? word_count(nd->body[LANG_ES],
		    nd->body_len[LANG_ES]) : 0;
		ddb_put_n(item, "word_count_es", wc);
	}
	if (!nd->body_same[LANG_EN]) {
		wc = nd->body[LANG_EN] ? word_count(nd->body[LANG_EN],
		    nd->body_len[LANG_EN]) : 0;
		ddb_put_n(item, "word_count_en", wc);
	}
	ddb_put_s(item, "GSI2PK", gsi);
	free(gsi);
}

cJSON *
node_update_request(const char *table, const struct node *nd,
    const char *base_updated)
{
	cJSON *req = cJSON_CreateObject(), *key, *attrs = cJSON_CreateObject();
	cJSON *names, *values, *a;
	struct buf set = BUF_INIT;
	char *pk = xasprintf("NODE#%s", nd->slug);
	int i = 0;

	cJSON_AddStringToObject(req, "TableName", table);
	key = cJSON_AddObjectToObject(req, "Key");
	ddb_put_s(key, "PK", pk);
	ddb_put_s(key, "SK", "META");
	free(pk);
	node_meta_attrs(nd, attrs);
	names = cJSON_AddObjectToObject(req, "ExpressionAttributeNames");
	values = cJSON_AddObjectToObject(req, "ExpressionAttributeValues");
	buf_adds(&set, "SET ");
	cJSON_ArrayForEach(a, attrs) {
		char n[16], v[16];

		snprintf(n, sizeof n, "#a%d", i);
		snprintf(v, sizeof v, ":v%d", i);
		cJSON_AddStringToObject(names, n, a->string);
		cJSON_AddItemToObject(values, v, cJSON_Duplicate(a, 1));
		buf_printf(&set, "%s%s = %s", i ? ", " : "", n, v);
		i++;
	}
	cJSON_AddStringToObject(names, "#u", "updated_at");
	ddb_put_s(values, ":base", base_updated);
	cJSON_AddStringToObject(req, "UpdateExpression", buf_str(&set));
	cJSON_AddStringToObject(req, "ConditionExpression",
	    "attribute_exists(PK) AND #u = :base");
	buf_free(&set);
	cJSON_Delete(attrs);
	return req;
}


int
node_same(const struct node *a, const struct node *b)
{
	size_t i;
	int l;

	if (!str_same(a->node_type, b->node_type) ||
	    !str_same(a->status, b->status) ||
	    !str_same(a->title_es, b->title_es) ||
	    !str_same(a->title_en, b->title_en) ||
	    !str_same(a->summary_es, b->summary_es) ||
	    !str_same(a->summary_en, b->summary_en) ||
	    a->ntags != b->ntags)
		return 0;
	for (i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], b->tags[i]) != 0)
			return 0;
	for (l = 0; l < NLANGS; l++) {
		if (!a->body[l] != !b->body[l])
			return 0;
		if (a->body[l] && (a->body_len[l] != b->body_len[l] ||
		    memcmp(a->body[l], b->body[l], a->body_len[l]) != 0))
			return 0;
	}
	return 1;
}

/* created_at "2024-06-20T00:00:00.000Z" is written back as the date. */
static char *
fm_date(const char *iso)
{
	if (strlen(iso) >= 10 && (str_ends(iso, "T00:00:00.000Z") ||
	    str_ends(iso, "T00:00:00Z")) && strlen(iso) <= 24)
		return xstrndup(iso, 10);
	return xstrdup(iso);
}

/*
 * The title and summary fields of the file for language slot lang: every
 * field a push reads is the one a pull writes. A file with its own
 * title_LANG / summary_LANG (the site's layout) gets those, and its title
 * is the node's own title; otherwise title and summary are the
 * language's, and the file a push takes the node's title from (Spanish
 * first) gets title_LANG too when the node's title differs.
 */
static void
note_titles(struct frontmatter *fm, const struct node *nd, int lang,
    int other_exists)
{
	const char *title = lang == LANG_ES ? nd->title_es : nd->title_en;
	const char *sum = lang == LANG_ES ? nd->summary_es : nd->summary_en;
	const char *own = nonempty(nd->title) ? nd->title : NULL;
	char *tkey = xasprintf("title_%s", lang_names[lang]);
	char *skey = xasprintf("summary_%s", lang_names[lang]);
	int holder = lang == LANG_ES || !other_exists;

	if (!nonempty(title))
		title = own ? own : nd->slug;
	if (fm_get(fm, tkey) || (holder && own && !str_same(own, title))) {
		fm_set_scalar(fm, tkey, title);
		/* a push reads this file's title only as the node's own */
		if (holder && own)
			fm_set_scalar(fm, "title", own);
		else if (!fm_get(fm, "title"))
			fm_set_scalar(fm, "title", title);
	} else {
		fm_set_scalar(fm, "title", title);
	}
	if (fm_get(fm, skey)) {
		fm_set_scalar(fm, skey, sum ? sum : "");
		if (fm_get(fm, "summary"))
			fm_set_scalar(fm, "summary", sum ? sum : "");
	} else {
		fm_set_scalar(fm, "summary", sum ? sum : "");
	}
	free(tkey);
	free(skey);
}

char *
note_text(const struct node *nd, int lang, const char *old, size_t oldlen,
    int other_exists, size_t *len)
{
	struct frontmatter *fm;
	struct buf b = BUF_INIT;
	const char *title = lang == LANG_ES ? nd->title_es : nd->title_en;
	const char *sum = lang == LANG_ES ? nd->summary_es : nd->summary_en;
	const char *otitle = lang == LANG_ES ? nd->title_en : nd->title_es;
	const char *osum = lang == LANG_ES ? nd->summary_en : nd->summary_es;
	char *emitted, *okey;
	size_t yo, yl, bo;

	/* the old file's fields, unknown ones included, unless broken */
	if (old && fm_locate(old, oldlen, &yo, &yl, &bo)) {
		fm = fm_parse(old + yo, yl);
		if (fm->error) {
			fm_free(fm);
			fm = fm_parse("", 0);
		}
	} else {
		fm = fm_parse("", 0);
	}
	note_titles(fm, nd, lang, other_exists);
	fm_set_scalar(fm, "type", nd->node_type);
	fm_set_scalar(fm, "status", nd->status ? nd->status : "seed");
	fm_set_list(fm, "tags", nd->tags, nd->ntags);
	if (nd->visibility)
		fm_set_scalar(fm, "visibility", nd->visibility);
	/* a file whose language its name or place says keeps it unsaid */
	if (!old || fm_get(fm, "lang"))
		fm_set_scalar(fm, "lang", lang_names[lang]);
	okey = xasprintf("title_%s", lang_names[!lang]);
	if (!other_exists && nonempty(otitle) && !str_same(otitle, title))
		fm_set_scalar(fm, okey, otitle);
	else if (fm_get(fm, okey))
		fm_set_scalar(fm, okey, nonempty(otitle) ? otitle : "");
	free(okey);
	okey = xasprintf("summary_%s", lang_names[!lang]);
	if (!other_exists && nonempty(osum) && !str_same(osum, sum))
		fm_set_scalar(fm, okey, osum);
	else if (!other_exists && osum && !*osum && sum && *sum)
		fm_set_scalar(fm, okey, "");
	else if (fm_get(fm, okey))
		fm_set_scalar(fm, okey, osum ? osum : "");
	free(okey);
	fm_set_list(fm, "concepts", nd->edges, nd->nedges);
	if (nd->created_at) {
		char *d = fm_date(nd->created_at);

		fm_set_scalar(fm, "created", d);
		free(d);
	}
	if (nd->updated_at)
		fm_set_scalar(fm, "updated", nd->updated_at);
	emitted = fm_emit(fm);
	buf_adds(&b, emitted);
	if (b.len && b.ptr[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	free(emitted);
	fm_free(fm);
	if (nd->body[lang])
		buf_add(&b, nd->body[lang], nd->body_len[lang]);
	*len = b.len;
	return buf_take(&b);
}
