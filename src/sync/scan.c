/* scan.c: read the vault's notes for sync (see scan.h). */
#include "sync/scan.h"
#include "core/frontmatter.h"
#include "core/note.h"
#include "core/resolve.h"
#include "core/util.h"
#include "core/vault.h"
#include "sync/aws.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * A file as the scan keeps it once read: what grouping, the plan and the
 * edges need, not its text nor its parse (those are read again for the
 * notes a sync touches, scan_load()), so that a vault of 100,000 notes
 * is not held in memory.
 */
struct file {
	char *path, *abspath;
	char *hash;
	char *slug;	/* the note's (a cloud slug when it can be) */
	char *lang;	/* the note's, after the .mdx rule */
	char *vis;	/* its frontmatter's visibility, or NULL */
	struct buf links;	/* kind byte, target, NUL; one after another */
	char *title;	/* its names, until the resolver has them */
	char **aliases;
	size_t naliases;
	char *why;	/* why it could not be read, or NULL */
	int implied;	/* nothing but the default gave it its language */
	int read;	/* read and parsed */
};

struct walk {
	struct file *f;
	size_t n, cap;
};

int
is_conflict_copy(const char *path)
{
	return strstr(path_base(path), ".conflict-") != NULL;
}

static int
on_file(const struct vault_file *vf, void *arg)
{
	struct walk *w = arg;

	if (is_conflict_copy(vf->path))
		return 0;
	w->f = xgrow(w->f, &w->cap, w->n + 1, sizeof *w->f);
	memset(&w->f[w->n], 0, sizeof w->f[w->n]);
	w->f[w->n].path = xstrdup(vf->path);
	w->f[w->n].abspath = xstrdup(vf->abspath);
	w->n++;
	return 0;
}

static void
on_warn(const char *path, const char *why, void *arg)
{
	warnmsg("%s: %s", path, why);
}

void
scan_block(struct scan *s, const char *slug)
{
	size_t i;

	for (i = 0; i < s->nblocked; i++)
		if (strcmp(s->blocked[i], slug) == 0)
			return;
	s->blocked = xgrow(s->blocked, &s->blocked_cap, s->nblocked + 1,
	    sizeof *s->blocked);
	s->blocked[s->nblocked++] = xstrdup(slug);
}

/* The slug a file name gives (for a file that cannot be parsed). */
static char *
name_slug(const char *path)
{
	const char *base = path_base(path);
	char *name = xstrdup(base), *dot, *slug;

	dot = strrchr(name, '.');
	if (dot && is_note_file(name))
		*dot = '\0';
	dot = strrchr(name, '.');
	if (dot && strlen(dot + 1) == 2)
		*dot = '\0';
	slug = slugify(name);
	free(name);
	return slug;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_note(const void *a, const void *b)
{
	return strcmp(((const struct local_note *)a)->slug,
	    ((const struct local_note *)b)->slug);
}

/* Add an edge to ln (edges_unique() sorts them and drops repeats: a
 * note of 50,000 links checked each against those before). */
static void
add_edge(struct local_note *ln, size_t *cap, const char *slug)
{
	if (strcmp(slug, ln->slug) == 0 || !slug_valid(slug))
		return;
	ln->edges = xgrow(ln->edges, cap, ln->nedges + 1, sizeof *ln->edges);
	ln->edges[ln->nedges++] = xstrdup(slug);
}

static int
cmp_key(const void *k, const void *e)
{
	return strcmp(k, *(char *const *)e);
}

/* The slug a link target names: its last path part, without extension
 * or language suffix, slugified. */
static char *
target_slug(const char *target)
{
	return name_slug(target);
}

/* Did nothing but the default give file f its language? */
static int
lang_implied(const struct note *n)
{
	const char *lv = n->fm ? fm_scalar(n->fm, "lang") : NULL;
	char *suf;

	if (lv && lang_slot(lv) >= 0)
		return 0;
	suf = path_lang_suffix(n->path);
	free(suf);
	return suf == NULL;
}

/* Set the language of note n to slot (it was implied). */
static void
set_lang(struct note *n, int slot)
{
	free(n->lang);
	n->lang = xstrdup(lang_names[slot]);
}

/* A slug the cloud takes: the note's, or the backend's for its name. */
static void
cloud_slug(struct note *n)
{
	char *bs;

	if (slug_valid(n->slug))
		return;
	bs = backend_slug(n->slug);
	if (!bs)
		return;
	free(n->slug);
	n->slug = bs;
}

/*
 * The slot file f of note ln, in language slot, goes to: a file whose
 * language nothing stated, beside one of the same slug in that language,
 * is the other language (the site's a.mdx beside a.en.mdx); an implied
 * file already there moves over for a stated one.
 */
static int
place_lang(struct local_note *ln, const struct file *f, int slot)
{
	int o = !slot;

	if (!ln->path[slot] || ln->path[o])
		return slot;
	if (f->implied)
		return o;
	if (!ln->implied[slot])
		return slot;
	ln->path[o] = ln->path[slot];
	ln->hash[o] = ln->hash[slot];
	ln->vis[o] = ln->vis[slot];
	ln->implied[o] = 1;
	ln->path[slot] = NULL;
	ln->hash[slot] = NULL;
	ln->vis[slot] = NULL;
	ln->implied[slot] = 0;
	return slot;
}

/* Read, hash and parse the file f and keep what scan_vault needs of it;
 * f->why says why it could not be read. Runs on two threads at once
 * (read_range), each on files of its own. */
static void
read_one(struct file *f, const char *default_lang, int primary)
{
	struct note *n;
	char *data, hex[65];
	const char *v;
	size_t len, i;

	if (read_file(f->abspath, NODE_BODY_MAX + (1 << 20), &data, &len,
	    &f->why) < 0)
		return;
	n = note_parse(f->path, data, len, default_lang);
	cloud_slug(n);
	if (str_ends(f->path, ".mdx") && lang_implied(n))
		set_lang(n, primary);
	sha256_hex(data, len, hex);
	free(data);
	f->hash = xstrdup(hex);
	f->slug = xstrdup(n->slug);
	f->lang = xstrdup(n->lang);
	f->implied = lang_implied(n);
	v = n->fm ? fm_scalar(n->fm, "visibility") : NULL;
	f->vis = v && *v ? xstrdup(v) : NULL;
	for (i = 0; i < n->nlinks; i++) {
		const struct link *l = &n->links[i];

		if (l->kind >= LINK_EXTERNAL || !*l->target)
			continue;
		buf_addc(&f->links, (int)l->kind);
		buf_add(&f->links, l->target, strlen(l->target) + 1);
	}
	f->title = n->title;
	f->aliases = n->aliases;
	f->naliases = n->naliases;
	n->title = NULL;
	n->aliases = NULL;
	n->naliases = 0;
	note_free(n);
	f->read = 1;
}

/* Files [from, to) of a walk, read on a thread of their own. */
struct read_range {
	struct file *f;
	size_t from, to;
	const char *default_lang;
	int primary;
};

static void *
read_range(void *arg)
{
	struct read_range *rr = arg;
	size_t i;

	for (i = rr->from; i < rr->to; i++)
		read_one(&rr->f[i], rr->default_lang, rr->primary);
	return NULL;
}

/*
 * Read every file of w, the second half on a second thread from
 * READ_SPLIT files on (reading, parsing and hashing are most of a scan:
 * 5.4 of 10 s at 100,000 notes), then give their names to r in the
 * order of the walk, and say which could not be read, in that order too.
 */
#define READ_SPLIT	256
static void
read_all(struct walk *w, const char *default_lang, int primary,
    struct resolver *r, struct scan *s)
{
	struct read_range rr = { w->f, w->n / 2, w->n, default_lang, primary };
	pthread_t th;
	char hex[65];
	size_t i, j;
	int two = 0;

	sha256_hex("", 0, hex);		/* libcrypto loaded before a thread */
	if (w->n >= READ_SPLIT)
		two = pthread_create(&th, NULL, read_range, &rr) == 0;
	for (i = 0; i < (two ? w->n / 2 : w->n); i++)
		read_one(&w->f[i], default_lang, primary);
	if (two)
		pthread_join(th, NULL);
	for (i = 0; i < w->n; i++) {
		struct file *f = &w->f[i];

		if (!f->read) {
			char *slug = name_slug(f->path);

			warnmsg("%s: %s (not synced this time)", f->path,
			    f->why);
			scan_block(s, slug);
			free(slug);
			continue;
		}
		resolver_add(r, (long)i, f->path, f->slug, f->lang, f->title,
		    f->aliases, f->naliases);
		free(f->title);
		for (j = 0; j < f->naliases; j++)
			free(f->aliases[j]);
		free(f->aliases);
		f->title = NULL;
		f->aliases = NULL;
		f->naliases = 0;
	}
}

/* The edges of file f (links, kind byte then target, as read_one packed
 * them) in language slot, added to ln: concepts as slugs, other links
 * resolved to the notes they name, or to a node the cloud has (known). */
static void
file_edges(struct local_note *ln, size_t *cap, const struct file *f,
    int slot, const struct resolver *r, const struct file *files,
    size_t nfiles, char *const *known, size_t nknown)
{
	const char *p = f->links.ptr, *end, *target;
	enum link_kind kind;

	if (!f->links.len)
		return;
	for (end = p + f->links.len; p < end;) {
		struct resolution res;

		kind = (enum link_kind)(unsigned char)*p++;
		target = p;
		p += strlen(p) + 1;
		if (kind == LINK_CONCEPT && slug_valid(target)) {
			add_edge(ln, cap, target);
			continue;
		}
		res = resolver_resolve(r, f->path, target, lang_names[slot]);
		if (res.id >= 0 && (size_t)res.id < nfiles &&
		    files[res.id].slug) {
			add_edge(ln, cap, files[res.id].slug);
		} else if (res.id < 0 && nknown) {
			char *ts = target_slug(target);

			if (bsearch(ts, known, nknown, sizeof *known, cmp_key))
				add_edge(ln, cap, ts);
			free(ts);
		}
	}
}

/* Sort ln's edges and drop those met twice. */
static void
edges_unique(struct local_note *ln)
{
	size_t i, n = 0;

	if (ln->nedges > 1)
		qsort(ln->edges, ln->nedges, sizeof(char *), cmp_str);
	for (i = 0; i < ln->nedges; i++) {
		if (n > 0 && strcmp(ln->edges[n - 1], ln->edges[i]) == 0)
			free(ln->edges[i]);
		else
			ln->edges[n++] = ln->edges[i];
	}
	ln->nedges = n;
}

/*
 * The notes by slug: an open-addressing table of note numbers + 1, a
 * power of 2 at least twice the files, so that grouping costs one lookup
 * a file (it was a pass over the notes met so far: quadratic, 85 s for
 * a vault of 100,000 notes).
 */
struct slugtab {
	size_t *slot;
	size_t cap;
};

static struct local_note *
note_for(struct scan *s, struct slugtab *t, size_t *cap, const char *slug)
{
	size_t i = (size_t)hash64(slug, strlen(slug)) & (t->cap - 1);
	struct local_note *ln;

	for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (strcmp(s->notes[t->slot[i] - 1].slug, slug) == 0)
			return &s->notes[t->slot[i] - 1];
	s->notes = xgrow(s->notes, cap, s->n + 1, sizeof *s->notes);
	ln = &s->notes[s->n++];
	memset(ln, 0, sizeof *ln);
	ln->slug = xstrdup(slug);
	t->slot[i] = s->n;
	return ln;
}

int
scan_vault(const char *vault, const char *default_lang, int primary,
    char *const *known, size_t nknown, struct scan *s, char **cause)
{
	struct walk w = {0};
	struct slugtab t;
	struct resolver *r;
	size_t i, cap = 0;
	size_t *ecap;

	memset(s, 0, sizeof *s);
	if (vault_walk(vault, on_file, on_warn, &w, cause) < 0)
		return -1;
	s->files = (long)w.n;
	r = resolver_new();
	read_all(&w, default_lang ? default_lang : "en", primary, r, s);
	for (t.cap = 16; t.cap < 2 * w.n; t.cap *= 2)
		;
	t.slot = xcalloc(t.cap, sizeof *t.slot);
	ecap = xcalloc(w.n + 1, sizeof *ecap);
	/* group by slug, in the order of the walk */
	for (i = 0; i < w.n; i++) {
		struct file *f = &w.f[i];
		struct local_note *ln;
		int slot;

		if (!f->read)
			continue;
		if (!slug_valid(f->slug)) {
			warnmsg("%s: slug '%s' is not a cloud slug (a-z, 0-9 "
			    "and single dashes): not synced", f->path,
			    f->slug);
			continue;
		}
		slot = lang_slot(f->lang);
		if (slot < 0) {
			warnmsg("%s: language '%s' has no body in the cloud "
			    "(only es and en): not synced", f->path, f->lang);
			scan_block(s, f->slug);
			continue;
		}
		ln = note_for(s, &t, &cap, f->slug);
		slot = place_lang(ln, f, slot);
		if (ln->path[slot]) {
			warnmsg("%s: same slug and language as %s: neither "
			    "is synced until one changes", f->path,
			    ln->path[slot]);
			scan_block(s, ln->slug);
			continue;
		}
		ln->path[slot] = xstrdup(f->path);
		ln->hash[slot] = f->hash;
		ln->vis[slot] = f->vis;
		ln->implied[slot] = (unsigned char)f->implied;
		f->hash = NULL;
		f->vis = NULL;
		file_edges(ln, &ecap[ln - s->notes], f, slot, r, w.f, w.n,
		    known, nknown);
	}
	for (i = 0; i < s->n; i++)
		edges_unique(&s->notes[i]);
	if (s->n)
		qsort(s->notes, s->n, sizeof *s->notes, cmp_note);
	if (s->nblocked)
		qsort(s->blocked, s->nblocked, sizeof(char *), cmp_str);
	for (i = 0; i < w.n; i++) {
		free(w.f[i].path);
		free(w.f[i].abspath);
		free(w.f[i].hash);
		free(w.f[i].slug);
		free(w.f[i].lang);
		free(w.f[i].vis);
		free(w.f[i].why);
		buf_reset(&w.f[i].links);
	}
	free(w.f);
	free(t.slot);
	free(ecap);
	resolver_free(r);
	return 0;
}

/*
 * Read again the files of ln that the scan kept only the hash of, and
 * parse them as it did: a file's language is its slot's. A file that
 * changed since (or that cannot be read now) fails with cause: the sync
 * must not act on a note other than the one it planned for.
 */
int
scan_load(struct local_note *ln, const char *vault, char **cause)
{
	char *abspath, *data, *why = NULL, hex[65];
	struct note *n;
	size_t len;
	int l;

	for (l = 0; l < NLANGS; l++) {
		if (!ln->path[l] || ln->n[l])
			continue;
		abspath = path_join(vault, ln->path[l]);
		if (read_file(abspath, NODE_BODY_MAX + (1 << 20), &data, &len,
		    &why) < 0) {
			free(abspath);
			fail(cause, "%s: %s", ln->path[l], why);
			free(why);
			return -1;
		}
		free(abspath);
		sha256_hex(data, len, hex);
		if (strcmp(hex, ln->hash[l]) != 0) {
			free(data);
			return fail(cause, "%s: changed during the sync",
			    ln->path[l]);
		}
		n = note_parse(ln->path[l], data, len, lang_names[l]);
		cloud_slug(n);
		if (lang_slot(n->lang) != l)
			set_lang(n, l);
		ln->data[l] = data;
		ln->len[l] = len;
		ln->n[l] = n;
	}
	return 0;
}

void
scan_unload(struct local_note *ln)
{
	int l;

	for (l = 0; l < NLANGS; l++) {
		free(ln->data[l]);
		note_free(ln->n[l]);
		ln->data[l] = NULL;
		ln->n[l] = NULL;
		ln->len[l] = 0;
	}
}

void
scan_clear(struct scan *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		local_note_clear(&s->notes[i]);
	free(s->notes);
	for (i = 0; i < s->nblocked; i++)
		free(s->blocked[i]);
	free(s->blocked);
	memset(s, 0, sizeof *s);
}
