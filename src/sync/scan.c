/* scan.c: read the vault's notes for sync (see scan.h). */
#include "sync/scan.h"
#include "core/frontmatter.h"
#include "core/note.h"
#include "core/pline.h"
#include "core/resolve.h"
#include "core/util.h"
#include "core/vault.h"
#include "sync/aws.h"
#include "sync/scan-int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int
is_conflict_copy(const char *path)
{
	return strstr(path_base(path), ".conflict-") != NULL;
}

/* Show the progress line (scan_show_progress)? */
static int show_progress;

void
scan_show_progress(int on)
{
	show_progress = on;
}

static int
on_file(const struct vault_file *vf, void *arg)
{
	struct walk *w = arg;

	if (is_conflict_copy(vf->path))
		return 0;
	w->f = xgrow(w->f, &w->cap, w->n + 1, sizeof *w->f);
	memset(&w->f[w->n], 0, sizeof w->f[w->n]);
	w->f[w->n].path = strpool_copy(w->pool, vf->path);
	w->f[w->n].size = vf->size;
	w->f[w->n].mtime = vf->mtime_ns;
	w->f[w->n].ctime = vf->ctime_ns;
	w->f[w->n].ino = vf->ino;
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
cmp_note(const void *a, const void *b)
{
	return strcmp(((const struct local_note *)a)->slug,
	    ((const struct local_note *)b)->slug);
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
 * The notes of a walk as grouping makes them: each note's file in each
 * language slot (its index in the walk + 1, 0: none), by slug (t). The
 * notes themselves (struct local_note, 88 bytes) are made from these once
 * the edges are, after the resolver has gone: 9 MB less at the peak of a
 * scan of 100,000 notes.
 */
struct groups {
	uint32_t (*file)[NLANGS];
	size_t n;
	const struct walk *w;
	struct strtab t;
};

/* The file of note i in slot l, or NULL. */
static struct file *
group_file(const struct groups *g, size_t i, int l)
{
	return g->file[i][l] ? &g->w->f[g->file[i][l] - 1] : NULL;
}

/*
 * The slot file f of note i, in language slot, goes to: a file whose
 * language nothing stated, beside one of the same slug in that language,
 * is the other language (the site's a.mdx beside a.en.mdx); an implied
 * file already there moves over for a stated one.
 */
static int
place_lang(struct groups *g, size_t i, const struct file *f, int slot)
{
	uint32_t *in = g->file[i];
	struct file *there = group_file(g, i, slot);
	int o = !slot;

	if (!there || in[o])
		return slot;
	if (f->implied)
		return o;
	if (!there->implied)
		return slot;
	in[o] = in[slot];
	in[slot] = 0;
	there->slot = (unsigned char)o;
	return slot;
}

/* The hash of what the resolver and the grouping take of file f: a
 * file's edges hold while every file's is the same (vault_names). */
static uint64_t
names_hash(const struct file *f)
{
	struct buf b = BUF_INIT;
	uint64_t h;
	size_t i;

	buf_printf(&b, "%s%c%s%c%d%c%s", f->slug, 0, f->lang, 0, f->implied,
	    0, f->nm->title ? f->nm->title : "");
	for (i = 0; i < f->nm->naliases; i++) {
		buf_addc(&b, '\n');
		buf_adds(&b, f->nm->aliases[i]);
	}
	h = hash64(b.ptr, b.len);
	buf_free(&b);
	return h;
}

/* Read the vault's file path (up to what a node may hold, and a margin)
 * into *data and its SHA-256 into hex. 0, or -1 with *why. */
static int
read_hashed(const char *vault, const char *path, char **data, size_t *len,
    char hex[2 * HASH_LEN + 1], char **why)
{
	char *abspath = path_join(vault, path);
	int rc = read_file(abspath, NODE_BODY_MAX + (1 << 20), data, len, why);

	free(abspath);
	if (rc == 0)
		sha256_hex(*data, *len, hex);
	return rc;
}

/* What read_one found of a file that goes to the pool (which is not
 * shared between threads) once both are done. */
struct got {
	char hash[2 * HASH_LEN + 1];
	char *slug, *lang, *vis;
};

/* Read, hash and parse file f of the walk and keep what scan_vault needs
 * of it (in f, and in g); f->why says why it could not be read. Runs on
 * two threads at once (read_range), each on files of its own. */
static void
read_one(struct file *f, struct got *g, const char *vault,
    const char *default_lang, int primary)
{
	struct note *n;
	struct buf links = BUF_INIT;
	char *data;
	const char *v;
	size_t len, i;

	if (read_hashed(vault, f->path, &data, &len, g->hash, &f->why) < 0)
		return;
	n = note_parse(f->path, data, len, default_lang);
	cloud_slug(n);
	if (str_ends(f->path, ".mdx") && lang_implied(n))
		set_lang(n, primary);
	free(data);
	g->slug = n->slug;
	g->lang = n->lang;
	n->slug = n->lang = NULL;
	f->implied = (unsigned char)lang_implied(n);
	f->nm = xcalloc(1, sizeof *f->nm);
	v = n->fm ? fm_scalar(n->fm, "visibility") : NULL;
	g->vis = v && *v ? xstrdup(v) : NULL;
	for (i = 0; i < n->nlinks; i++) {
		const struct link *l = &n->links[i];

		if (l->kind >= LINK_EXTERNAL || !*l->target)
			continue;
		buf_addc(&links, (int)l->kind);
		buf_add(&links, l->target, strlen(l->target) + 1);
	}
	if ((f->nm->nlinks = links.len) > 0)	/* (and its NUL) */
		f->nm->links = xrealloc(buf_take(&links), f->nm->nlinks + 1);
	f->nm->title = n->title;
	f->nm->aliases = n->aliases;
	f->nm->naliases = n->naliases;
	n->title = NULL;
	n->aliases = NULL;
	n->naliases = 0;
	note_free(n);
	f->read = 1;
}

/* The files of a walk in todo[from..to), read on a thread of their own. */
struct read_range {
	struct file *f;
	struct got *got;	/* one a file of todo */
	const size_t *todo;
	size_t from, to;
	size_t done;		/* (atomic: the main thread shows it) */
	const char *vault, *default_lang;
	int primary;
};

static void *
read_range(void *arg)
{
	struct read_range *rr = arg;
	size_t i;

	for (i = rr->from; i < rr->to; i++) {
		read_one(&rr->f[rr->todo[i]], &rr->got[i], rr->vault,
		    rr->default_lang, rr->primary);
		__atomic_store_n(&rr->done, i + 1 - rr->from,
		    __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Read the n files of w in todo, the second half on a second thread from
 * READ_SPLIT files on (reading, parsing and hashing were most of a scan:
 * 5.4 of 10 s at 100,000 notes), into got; pl shows them as of done files
 * read before, of total. */
#define READ_SPLIT	256
static void
read_some(struct walk *w, const size_t *todo, size_t n, struct got *got,
    const char *vault, const char *default_lang, int primary,
    struct pline *pl, size_t done, size_t total)
{
	struct read_range rr;
	pthread_t th;
	size_t i;
	int two = 0;

	rr.f = w->f;
	rr.got = got;
	rr.todo = todo;
	rr.from = n / 2;
	rr.to = n;
	rr.vault = vault;
	rr.default_lang = default_lang;
	rr.primary = primary;
	rr.done = 0;
	if (n >= READ_SPLIT)
		two = pthread_create(&th, NULL, read_range, &rr) == 0;
	for (i = 0; i < (two ? n / 2 : n); i++) {
		read_one(&w->f[todo[i]], &got[i], vault, default_lang,
		    primary);
		pline_files(pl, "stratus sync: reading", done + i + 1 +
		    __atomic_load_n(&rr.done, __ATOMIC_RELAXED), total);
	}
	if (two)
		pthread_join(th, NULL);
}

/*
 * Read every file of w the cache did not give, READ_CHUNK at a time, then
 * say which could not be read, in the order of the walk, and block their
 * slugs; what was read of the others goes to the pool. When there are
 * more than a chunk and u is given, each chunk's rows go to its cache
 * (reuse_store) before the next is read, and their links with them: the
 * first scan of 100,000 notes held 28 MB of links, and 107 MB at its
 * peak. The number of files read.
 */
#define READ_CHUNK	4096
static size_t
read_all(struct walk *w, const char *vault, const char *default_lang,
    int primary, struct scan *s, struct reuse *u)
{
	struct pline pl;
	size_t *todo = xcalloc(w->n + 1, sizeof *todo), n = 0, i, c, m;
	/* (STRATUS_TEST_READ_CHUNK: smaller, for the tests) */
	size_t chunk = (size_t)env_int("STRATUS_TEST_READ_CHUNK", 1,
	    READ_CHUNK, READ_CHUNK);
	struct got *got;
	char hex[2 * HASH_LEN + 1];

	for (i = 0; i < w->n; i++)
		if (!w->f[i].read && !w->f[i].why)
			todo[n++] = i;
	got = xcalloc(chunk, sizeof *got);
	pline_init(&pl, show_progress, -1);
	sha256_hex("", 0, hex);		/* libcrypto loaded before a thread */
	for (c = 0; c < n; c += m) {
		m = n - c < chunk ? n - c : chunk;
		memset(got, 0, m * sizeof *got);
		read_some(w, todo + c, m, got, vault, default_lang, primary,
		    &pl, c, n);
		for (i = 0; i < m; i++) {
			struct file *f = &w->f[todo[c + i]];
			struct got *g = &got[i];

			if (!f->read)
				continue;
			f->hash = hash_pool(w->pool, g->hash);
			f->slug = strpool_intern(w->pool, g->slug);
			f->lang = strpool_intern(w->pool, g->lang);
			f->vis = strpool_intern(w->pool, g->vis);
			free(g->slug);
			free(g->lang);
			free(g->vis);
			f->names = names_hash(f);
		}
		if (u && n > chunk)
			reuse_store(u);
	}
	pline_end(&pl);
	for (i = 0; i < n; i++) {
		struct file *f = &w->f[todo[i]];
		char *slug;

		if (f->read)
			continue;
		warnmsg("%s: %s (not synced this time)", f->path, f->why);
		slug = name_slug(f->path);
		scan_block(s, slug);
		free(slug);
	}
	free(got);
	free(todo);
	return n;
}

/* Give every file read its names (title and aliases) to r, in the order
 * of the walk; r keeps its own copy of them (it borrows the paths and
 * slugs), so those of the files the cache gave (not to be recorded
 * again) go. */
static void
give_names(struct walk *w, struct resolver *r)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct file_names *nm = w->f[i].nm;

		if (!w->f[i].read)
			continue;
		resolver_add(r, (long)i, w->f[i].path, w->f[i].slug,
		    w->f[i].lang, nm->title, nm->aliases, nm->naliases);
		if (w->f[i].cached || w->f[i].stored) {
			names_free(nm);
			w->f[i].nm = NULL;
		}
	}
}

/*
 * The names of the whole vault: every file read, in the order of the
 * walk, with the nodes the cloud has (known). While it stays the same, the
 * grouping and every link's resolution do too, so a file's edges can be
 * taken from the cache with it.
 */
static uint64_t
vault_names(const struct walk *w, char *const *known, size_t nknown)
{
	uint64_t g = 0x9e3779b97f4a7c15ULL;
	size_t i;

#define MIX(x)	(g = (g ^ (x)) * 0xff51afd7ed558ccdULL, g ^= g >> 33)
	for (i = 0; i < w->n; i++)
		if (w->f[i].read) {
			MIX(hash64(w->f[i].path, strlen(w->f[i].path)));
			MIX(w->f[i].names);
		}
	MIX((uint64_t)nknown);
	for (i = 0; i < nknown; i++)
		MIX(hash64(known[i], strlen(known[i])));
#undef MIX
	return g ? g : 1;	/* 0 is "none" in the cache */
}

/* What the edges of a file are made with. */
struct edge_ctx {
	const struct resolver *r;
	int all;		/* every file's edges again, not only the
				 * files' read */
	const struct walk *w;
	char *const *known;	/* the nodes the cloud has */
	size_t nknown;
	unsigned char *changed;	/* per file: its cached edges changed */
	struct pline pl;	/* files linked, of total */
	size_t done, total;
};

/* The edges of file f (links: n bytes, kind byte then target then NUL,
 * as read_one packed them, a NUL after) in its language slot, into
 * f->edges (empty), sorted and unique: concepts as slugs, other links
 * resolved to the notes they name, or to a node the cloud has (known);
 * none to the note itself. */
static void
file_edges(struct file *f, const char *links, size_t n,
    const struct edge_ctx *x)
{
	const struct walk *w = x->w;
	const char *p, *end, *target, *e;
	enum link_kind kind;
	size_t cap = 0, nknown = x->nknown;
	char *const *known = x->known;
	char *name;

	p = links;
	for (end = p + n; p < end;) {
		struct resolution res;

		kind = (enum link_kind)(unsigned char)*p++;
		target = p;
		p += strlen(p) + 1;
		e = NULL;
		if (kind == LINK_CONCEPT && slug_valid(target))
			e = strpool_intern(w->pool, target);
		else {
			res = resolver_resolve(x->r, f->path, target,
			    lang_names[f->slot]);
			if (res.id >= 0 && (size_t)res.id < w->n)
				e = w->f[res.id].slug;
			else if (res.id < 0 && nknown) {
				name = target_slug(target);
				if (name && bsearch(name, known, nknown,
				    sizeof *known, cmp_key))
					e = strpool_intern(w->pool, name);
				free(name);
			}
		}
		/* (interned: the same slug is the same pointer) */
		if (!e || e == f->slug || !slug_valid(e))
			continue;
		f->edges = xgrow(f->edges, &cap, f->nedges + 1,
		    sizeof *f->edges);
		f->edges[f->nedges++] = e;
	}
	f->nedges = strpool_uniq(f->edges, f->nedges);
	if (f->nedges)	/* (as long as the vault's edges are held, no spare
			 * room) */
		f->edges = xrealloc(f->edges, f->nedges * sizeof *f->edges);
}

/* Make f's edges again from its links, noting whether they changed from
 * those the cache gave. */
static void
edges_again(void *arg, struct file *f, const char *links, size_t n)
{
	struct edge_ctx *x = arg;
	const char **old = f->edges;
	size_t nold = f->nedges;

	if (!f->grouped || (!x->all && f->cached))
		return;
	f->edges = NULL;
	f->nedges = 0;
	file_edges(f, links, n, x);
	x->changed[f - x->w->f] = f->cached && (nold != f->nedges ||
	    (nold && memcmp(old, f->edges, nold * sizeof *old) != 0));
	free(old);
	pline_files(&x->pl, "stratus sync: linking", ++x->done, x->total);
}

/*
 * Give ln the edges of its file f (sorted and unique, as file_edges made
 * them), merged with those of its other file: f's array is taken, not
 * copied. When f must keep it (keep: the cache is to record it), f
 * borrows it back (lent) if it is the note's only file, or ln gets a
 * copy (a vault read for the first time: 6 MB at 100,000 notes).
 */
static void
note_edges(struct local_note *ln, struct file *f, int keep)
{
	const char **m;
	size_t i = 0, j = 0, n = 0;
	int c;

	if (!f->nedges)
		return;
	if (!ln->nedges && (!keep || !ln->path[!f->slot])) {
		ln->edges = f->edges;
		ln->nedges = f->nedges;
		f->lent = (unsigned char)keep;
		if (!keep) {
			f->edges = NULL;
			f->nedges = 0;
		}
		return;
	}
	/* the union of two sorted lists (or a copy of f's) */
	m = xcalloc(ln->nedges + f->nedges, sizeof *m);
	while (i < ln->nedges || j < f->nedges) {
		c = i == ln->nedges ? 1 : j == f->nedges ? -1 :
		    strcmp(ln->edges[i], f->edges[j]);
		m[n++] = c <= 0 ? ln->edges[i] : f->edges[j];
		i += c <= 0;
		j += c >= 0;	/* (taken, or the same as taken) */
	}
	free(ln->edges);
	ln->edges = xrealloc(m, n * sizeof *m);	/* (no spare room) */
	ln->nedges = n;
	if (!keep) {
		free(f->edges);
		f->edges = NULL;
		f->nedges = 0;
	}
}

static const char *
group_key(const void *arg, size_t i)
{
	const struct groups *g = arg;
	const struct file *f = group_file(g, i, 0);

	return (f ? f : group_file(g, i, 1))->slug;
}

/* The note of slug: its index, made (with no file) when it is new. */
static size_t
group_for(struct groups *g, const char *slug)
{
	size_t *slot = strtab_find(&g->t, slug, group_key, g);

	if (!*slot)
		*slot = ++g->n;
	return *slot - 1;
}

/*
 * Group the files read by slug, in the order of the walk: each file's
 * language slot (f->slot) and note are set, and f->grouped, unless it
 * cannot be synced (said, and its slug blocked).
 */
static void
group_files(struct walk *w, struct scan *s, struct groups *g)
{
	size_t i, n = 0, k;

	/* (a note a file at most) */
	for (i = 0; i < w->n; i++)
		n += w->f[i].read;
	if (w->n >= UINT32_MAX)
		die("scan: %zu files", w->n);
	g->file = xcalloc(n + 1, sizeof *g->file);
	g->n = 0;
	g->w = w;
	strtab_init(&g->t, n);
	for (i = 0; i < w->n; i++) {
		struct file *f = &w->f[i], *there;
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
		/* (a new note has no file until this one: its key is not
		 * asked for before) */
		k = group_for(g, f->slug);
		slot = place_lang(g, k, f, slot);
		if ((there = group_file(g, k, slot)) != NULL) {
			warnmsg("%s: same slug and language as %s: neither "
			    "is synced until one changes", f->path,
			    there->path);
			scan_block(s, f->slug);
			continue;
		}
		g->file[k][slot] = (uint32_t)i + 1;
		f->slot = (unsigned char)slot;
		f->grouped = 1;
	}
}

static const char *
note_key(const void *arg, size_t i)
{
	return ((const struct scan *)arg)->notes[i].slug;
}

/* The notes of g into s, in its order (its table by slug is theirs
 * now: note_key), and g's files go. */
static void
make_notes(struct groups *g, struct scan *s)
{
	size_t i;
	int l;

	s->notes = xcalloc(g->n + 1, sizeof *s->notes);
	for (i = 0; i < g->n; i++) {
		struct local_note *ln = &s->notes[i];

		for (l = 0; l < NLANGS; l++) {
			const struct file *f = group_file(g, i, l);

			if (!f)
				continue;
			ln->slug = f->slug;	/* (interned) */
			ln->path[l] = f->path;
			ln->hash[l] = f->hash;
			ln->vis[l] = f->vis;
			ln->implied[l] = f->implied;
		}
	}
	s->n = g->n;
	free(g->file);
	g->file = NULL;
}

/* The note of slug, made already. */
static struct local_note *
note_of(struct scan *s, struct strtab *t, const char *slug)
{
	return &s->notes[*strtab_find(t, slug, note_key, s) - 1];
}

/* Free what the walk holds (its pooled strings stay in the pool). */
static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		file_forget(&w->f[i]);
		free(w->f[i].why);
	}
	free(w->f);
	memset(w, 0, sizeof *w);
}

int
scan_vault(const char *vault, const char *default_lang, int primary,
    char *const *known, size_t nknown, struct scan_cache *cache,
    struct strpool *pool, struct scan *s, char **cause)
{
	struct walk w = {0};
	struct reuse u;
	struct groups g;
	struct edge_ctx x;
	struct resolver *r = NULL;
	size_t i;
	uint64_t names;
	int all, stored = 0;

	memset(s, 0, sizeof *s);
	w.pool = pool;
	if (vault_walk(vault, on_file, on_warn, &w, cause) < 0) {
		free(w.f);
		return -1;
	}
	s->files = (long)w.n;
	if (w.n) {	/* (held to the end of the scan: no room to spare) */
		w.f = xrealloc(w.f, w.n * sizeof *w.f);
		w.cap = w.n;
	}
	default_lang = default_lang ? default_lang : "en";
	reuse_take(&u, cache, &w);
	s->read = (long)read_all(&w, vault, default_lang, primary, s, &u);
	names = vault_names(&w, known, nknown);
	/* every file's edges again when the names changed; else only those
	 * of the files read, with a resolver of every name when one of them
	 * has links (or had: its row is stored) */
	all = !cache || names != u.took;
	for (i = 0; i < w.n && !r; i++)
		if (all || (w.f[i].read && !w.f[i].cached &&
		    (w.f[i].stored || w.f[i].nm->nlinks)))
			r = resolver_new();
	if (r)	/* (the paths and slugs are the pool's) */
		resolver_borrow(r);
	/* a row not as the first pass saw it (the cache failed between,
	 * or is damaged): nothing from it this time */
	if (r && reuse_names(&u) > 0) {
		reuse_forget_all(&u);
		s->read += (long)read_all(&w, vault, default_lang, primary,
		    s, &u);
		names = vault_names(&w, known, nknown);
		all = 1;
	}
	if (r) {
		/* every link resolved again: those of the files read go to
		 * the cache now, to come back a file at a time with the
		 * cached ones' (a vault read for the first time: 28 MB at
		 * 100,000 notes) */
		if (all)
			reuse_store(&u);
		for (i = 0; i < w.n && !stored; i++)
			stored = w.f[i].stored;
		give_names(&w, r);
		/* (their links and names are free now, in small pieces, some
		 * on the reading thread's heap: the pages that can go back
		 * to the system do, before the links pass and the edges
		 * take more) */
		if (all || stored)
			mem_give_back();
	}
	group_files(&w, s, &g);
	memset(&x, 0, sizeof x);
	x.r = r;
	x.all = all;
	x.w = &w;
	x.known = known;
	x.nknown = nknown;
	x.changed = xcalloc(w.n + 1, 1);
	for (i = 0; i < w.n; i++)
		x.total += w.f[i].grouped && (all || (!w.f[i].cached &&
		    (w.f[i].stored || w.f[i].nm->nlinks)));
	pline_init(&x.pl, show_progress, -1);
	/* the links of the files the cache gave or was given, a row at a
	 * time (a vault's links are not all held: 28 MB at 100,000 notes) */
	if ((all || stored) && reuse_links(&u, edges_again, &x) > 0) {
		/* the cache failed between its passes (one snapshot: it
		 * should not): this scan again without it */
		warnmsg("%s: the scan's cache could not be read again: every "
		    "file is read", vault);
		resolver_free(r);
		free(g.file);
		free(g.t.slot);
		free(x.changed);
		reuse_free(&u);
		walk_free(&w);
		scan_clear(s);
		pline_end(&x.pl);
		return scan_vault(vault, default_lang, primary, known, nknown,
		    NULL, pool, s, cause);
	}
	reuse_read_end(&u);
	for (i = 0; i < w.n; i++) {
		struct file *f = &w.f[i];

		if (f->grouped && !f->cached && !f->stored && f->nm->nlinks)
			edges_again(&x, f, f->nm->links, f->nm->nlinks);
	}
	pline_end(&x.pl);
	resolver_free(r);
	make_notes(&g, s);
	/* the edges the cache is not to record again move to the note: a
	 * vault's edges are in memory once */
	for (i = 0; i < w.n; i++)
		if (w.f[i].grouped)
			note_edges(note_of(s, &g.t, w.f[i].slug), &w.f[i],
			    !w.f[i].cached || x.changed[i]);
	free(g.t.slot);
	if (s->n)
		qsort(s->notes, s->n, sizeof *s->notes, cmp_note);
	if (s->nblocked)
		qsort(s->blocked, s->nblocked, sizeof(char *), cmp_strp);
	reuse_save(&u, x.changed, names);
	reuse_free(&u);
	walk_free(&w);
	free(x.changed);
	mem_give_back();	/* (the walk's pages, for the listing's) */
	return 0;
}

/* Read file l of ln again into *data, checked against the hash the scan
 * found: 0, or -1 with cause (it changed, or cannot be read). */
static int
reread(const struct local_note *ln, int l, const char *vault, char **data,
    size_t *len, char **cause)
{
	char *why = NULL, hex[2 * HASH_LEN + 1];

	if (read_hashed(vault, ln->path[l], data, len, hex, &why) < 0) {
		fail(cause, "%s: %s", ln->path[l], why);
		free(why);
		return -1;
	}
	if (!hash_is(ln->hash[l], hex)) {
		free(*data);
		return fail(cause, "%s: changed during the sync",
		    ln->path[l]);
	}
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
	struct note *n;
	char *data;
	size_t len;
	int l;

	for (l = 0; l < NLANGS; l++) {
		if (!ln->path[l] || local_parse(ln, l))
			continue;
		if (reread(ln, l, vault, &data, &len, cause) < 0)
			return -1;
		n = note_parse(ln->path[l], data, len, lang_names[l]);
		cloud_slug(n);
		if (lang_slot(n->lang) != l)
			set_lang(n, l);
		if (!ln->text)
			ln->text = xcalloc(1, sizeof *ln->text);
		ln->text->data[l] = data;
		ln->text->len[l] = len;
		ln->text->n[l] = n;
	}
	return 0;
}

int
scan_unchanged(const struct local_note *ln, const char *vault)
{
	char *data;
	size_t len;
	int l;

	for (l = 0; l < NLANGS; l++) {
		if (!ln->path[l])
			continue;
		if (reread(ln, l, vault, &data, &len, NULL) < 0)
			return 0;
		free(data);
	}
	return 1;
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
