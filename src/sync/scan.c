/* scan.c: read the vault's notes for sync (see scan.h). */
#include "sync/scan.h"
#include "core/frontmatter.h"
#include "core/note.h"
#include "core/resolve.h"
#include "core/util.h"
#include "core/vault.h"
#include "sync/aws.h"

#include <stdlib.h>
#include <string.h>

struct file {
	char *path, *abspath;
	char *data;
	size_t len;
	struct note *n;
	char *hash;
	char *slug;	/* the parsed note's, kept when n moves on */
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

static void
add_edge(struct local_note *ln, size_t *cap, const char *slug)
{
	size_t i;

	if (strcmp(slug, ln->slug) == 0 || !slug_valid(slug))
		return;
	for (i = 0; i < ln->nedges; i++)
		if (strcmp(ln->edges[i], slug) == 0)
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
 * The slot a file of note ln in language slot goes to: a file whose
 * language nothing stated, beside one of the same slug in that language,
 * is the other language (the site's a.mdx beside a.en.mdx); an implied
 * file already there moves over for a stated one.
 */
static int
place_lang(struct local_note *ln, struct note *n, int slot)
{
	int o = !slot;

	if (!ln->path[slot] || ln->path[o])
		return slot;
	if (lang_implied(n)) {
		set_lang(n, o);
		return o;
	}
	if (!ln->implied[slot])
		return slot;
	ln->path[o] = ln->path[slot];
	ln->hash[o] = ln->hash[slot];
	ln->data[o] = ln->data[slot];
	ln->len[o] = ln->len[slot];
	ln->n[o] = ln->n[slot];
	ln->implied[o] = 1;
	set_lang(ln->n[o], o);
	ln->path[slot] = NULL;
	ln->hash[slot] = NULL;
	ln->data[slot] = NULL;
	ln->n[slot] = NULL;
	ln->len[slot] = 0;
	ln->implied[slot] = 0;
	return slot;
}

int
scan_vault(const char *vault, const char *default_lang, int primary,
    char *const *known, size_t nknown, struct scan *s, char **cause)
{
	struct walk w = {0};
	struct resolver *r;
	size_t i, j, cap = 0;
	char hex[65];

	memset(s, 0, sizeof *s);
	if (vault_walk(vault, on_file, on_warn, &w, cause) < 0)
		return -1;
	s->files = (long)w.n;
	r = resolver_new();
	for (i = 0; i < w.n; i++) {
		struct file *f = &w.f[i];
		char *why = NULL;

		if (read_file(f->abspath, NODE_BODY_MAX + (1 << 20), &f->data,
		    &f->len, &why) < 0) {
			char *slug = name_slug(f->path);

			warnmsg("%s: %s (not synced this time)", f->path, why);
			scan_block(s, slug);
			free(slug);
			free(why);
			continue;
		}
		f->n = note_parse(f->path, f->data, f->len,
		    default_lang ? default_lang : "en");
		cloud_slug(f->n);
		if (str_ends(f->path, ".mdx") && lang_implied(f->n))
			set_lang(f->n, primary);
		f->slug = xstrdup(f->n->slug);
		sha256_hex(f->data, f->len, hex);
		f->hash = xstrdup(hex);
		resolver_add(r, (long)i, f->path, f->n->slug, f->n->lang,
		    f->n->title, f->n->aliases, f->n->naliases);
	}
	/* group by slug */
	for (i = 0; i < w.n; i++) {
		struct file *f = &w.f[i];
		struct local_note *ln = NULL;
		int slot;

		if (!f->n)
			continue;
		if (!slug_valid(f->n->slug)) {
			warnmsg("%s: slug '%s' is not a cloud slug (a-z, 0-9 "
			    "and single dashes): not synced", f->path,
			    f->n->slug);
			continue;
		}
		slot = lang_slot(f->n->lang);
		if (slot < 0) {
			warnmsg("%s: language '%s' has no body in the cloud "
			    "(only es and en): not synced", f->path,
			    f->n->lang);
			scan_block(s, f->n->slug);
			continue;
		}
		for (j = 0; j < s->n; j++)
			if (strcmp(s->notes[j].slug, f->n->slug) == 0)
				ln = &s->notes[j];
		if (!ln) {
			s->notes = xgrow(s->notes, &cap, s->n + 1,
			    sizeof *s->notes);
			ln = &s->notes[s->n++];
			memset(ln, 0, sizeof *ln);
			ln->slug = xstrdup(f->n->slug);
		}
		slot = place_lang(ln, f->n, slot);
		if (ln->path[slot]) {
			warnmsg("%s: same slug and language as %s: neither "
			    "is synced until one changes", f->path,
			    ln->path[slot]);
			scan_block(s, ln->slug);
			continue;
		}
		ln->path[slot] = xstrdup(f->path);
		ln->hash[slot] = f->hash;
		ln->data[slot] = f->data;
		ln->len[slot] = f->len;
		ln->n[slot] = f->n;
		ln->implied[slot] = (unsigned char)lang_implied(f->n);
		f->hash = NULL;
		f->data = NULL;
		f->n = NULL;
		/* edges: concepts as slugs, other links resolved */
		{
			struct note *n = ln->n[slot];
			size_t k, ecap = ln->nedges;

			for (k = 0; k < n->nlinks; k++) {
				const struct link *l = &n->links[k];
				struct resolution res;

				if (l->kind >= LINK_EXTERNAL || !*l->target)
					continue;
				if (l->kind == LINK_CONCEPT &&
				    slug_valid(l->target)) {
					add_edge(ln, &ecap, l->target);
					continue;
				}
				res = resolver_resolve(r, f->path, l->target,
				    lang_names[slot]);
				if (res.id >= 0 && (size_t)res.id < w.n &&
				    w.f[res.id].slug) {
					add_edge(ln, &ecap, w.f[res.id].slug);
				} else if (res.id < 0 && nknown) {
					char *ts = target_slug(l->target);

					if (bsearch(ts, known, nknown,
					    sizeof *known, cmp_key))
						add_edge(ln, &ecap, ts);
					free(ts);
				}
			}
		}
	}
	for (i = 0; i < s->n; i++)
		if (s->notes[i].nedges)
			qsort(s->notes[i].edges, s->notes[i].nedges,
			    sizeof(char *), cmp_str);
	if (s->n)
		qsort(s->notes, s->n, sizeof *s->notes, cmp_note);
	if (s->nblocked)
		qsort(s->blocked, s->nblocked, sizeof(char *), cmp_str);
	for (i = 0; i < w.n; i++) {
		free(w.f[i].path);
		free(w.f[i].abspath);
		free(w.f[i].data);
		free(w.f[i].hash);
		free(w.f[i].slug);
		note_free(w.f[i].n);
	}
	free(w.f);
	resolver_free(r);
	return 0;
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
