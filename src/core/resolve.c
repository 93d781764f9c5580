/*
 * resolve.c: link targets to notes (see resolve.h for the order). Every
 * way a note can be named (its path, path without extension, path without
 * extension and language suffix, slug, file name, aliases, title) is a key
 * in one open-addressing hash table, so a link costs a few lookups
 * whatever the size of the vault.
 */
#include "core/resolve.h"
#include "core/buf.h"
#include "core/note.h"
#include "core/strpool.h"
#include "core/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX

/* Key kinds of names, the first byte of every such key. */
enum {
	K_NAME = 'N',		/* slug, file name (folded) */
	K_ALIAS = 'A',		/* an alias (folded) */
	K_TITLE = 'T',		/* the title (folded) */
};

/* Key kinds of paths: each key a prefix of its files' path. */
enum {
	PK_PATH,		/* the path as given */
	PK_NOEXT,		/* the path without its extension */
	PK_STEM,		/* ... and without its language suffix */
	NPKINDS
};

/* (its strings, and the keys, are the resolver's pool's: a vault of
 * 100,000 notes has some 570,000 keys, each a malloc of its own before) */
struct rfile {
	long id;
	const char *path;
	const char *dir;
	const char *slug;
	const char *lang;
	uint32_t plen[NPKINDS];	/* the length of its path keys */
};

struct rent {
	const char *key;	/* NULL: empty slot */
	uint32_t head;		/* first node of the files under key */
};

/* A key of a path (PK_*) is not kept as a string: its slot holds the
 * first node of its files and a tag (high bits of its hash, its kind in
 * the low two), and it is checked against the path of its first file. A
 * vault of 100,000 notes has 330,000 of them, once 14 MB of strings. */
struct pslot {
	uint32_t head;		/* NIL: empty */
	uint32_t tag;
};

/*
 * The files under a key: a list of nodes, or, for a key of one file (most
 * of them: 570,000 keys at 100,000 notes, 8 MB of nodes before), that
 * file with SOLO set and no node. A head or a node's next is such a
 * reference; NIL ends a list where a size_t index, elsewhere, is NONE.
 * (32-bit: 8 bytes a node, not 16.)
 */
struct rnode {
	uint32_t file;
	uint32_t next;		/* NIL: the last */
};
#define NIL UINT32_MAX
#define SOLO 0x80000000u

struct resolver {
	struct rfile *files;
	size_t nfiles, filecap;
	struct rent *tab;
	size_t tabcap, used;	/* tabcap: a power of two */
	struct pslot *ptab;
	size_t pcap, pused;	/* pcap: a power of two */
	struct rnode *nodes;
	size_t nnodes, nodecap;
	struct strpool pool;
	struct buf key;		/* the key being put */
	int borrow;		/* paths and slugs: the caller's */
};

struct resolver *
resolver_new(void)
{
	struct resolver *r = xcalloc(1, sizeof *r);

	r->tabcap = 1024;
	r->tab = xcalloc(r->tabcap, sizeof *r->tab);
	r->pcap = 1024;
	r->ptab = xmalloc(r->pcap * sizeof *r->ptab);
	memset(r->ptab, 0xff, r->pcap * sizeof *r->ptab);	/* NIL */
	return r;
}

void
resolver_borrow(struct resolver *r)
{
	r->borrow = 1;
}

void
resolver_free(struct resolver *r)
{
	if (!r)
		return;
	free(r->files);
	free(r->tab);
	free(r->ptab);
	free(r->nodes);
	strpool_free(&r->pool);
	buf_free(&r->key);
	free(r);
}

/* The slot of key: where it is, or the empty slot where it would go. */
static size_t
slot(const struct resolver *r, const char *key, size_t len)
{
	size_t i = (size_t)hash_mem(key, len) & (r->tabcap - 1);

	while (r->tab[i].key && (strncmp(r->tab[i].key, key, len) != 0 ||
	    r->tab[i].key[len] != '\0'))
		i = (i + 1) & (r->tabcap - 1);
	return i;
}

static void
rehash(struct resolver *r)
{
	struct rent *old = r->tab;
	size_t oldcap = r->tabcap, i, j;

	r->tabcap *= 2;
	r->tab = xcalloc(r->tabcap, sizeof *r->tab);
	for (i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		j = slot(r, old[i].key, strlen(old[i].key));
		r->tab[j] = old[i];
	}
	free(old);
}

/* The file of reference ref (not NIL). */
static size_t
ref_file(const struct resolver *r, uint32_t ref)
{
	return ref & SOLO ? ref & ~SOLO : r->nodes[ref].file;
}

/* A node of file before ref: its reference. */
static uint32_t
new_node(struct resolver *r, size_t file, uint32_t next)
{
	if (r->nnodes >= SOLO)
		die("resolver: too many names");
	r->nodes = xgrow(r->nodes, &r->nodecap, r->nnodes + 1,
	    sizeof *r->nodes);
	r->nodes[r->nnodes].file = (uint32_t)file;
	r->nodes[r->nnodes].next = next;
	return (uint32_t)r->nnodes++;
}

/* Put file at the head of the files under a key (its head, NIL when
 * none), once: the new head. */
static uint32_t
push_node(struct resolver *r, uint32_t head, size_t file)
{
	if (file >= (NIL & ~SOLO))	/* (file | SOLO is never NIL) */
		die("resolver: too many names");
	if (head == NIL)
		return (uint32_t)file | SOLO;
	if (ref_file(r, head) == file)
		return head;
	if (head & SOLO)	/* a second file: the first gets a node */
		head = new_node(r, head & ~SOLO, NIL);
	return new_node(r, file, head);
}

static void
put(struct resolver *r, int kind, const char *s, size_t file)
{
	struct buf *k = &r->key;
	size_t i;

	if (!s || !*s)
		return;
	buf_reset(k);
	buf_addc(k, kind);
	buf_adds(k, s);
	/* at most 3/4 full (at 1/2, 2^21 slots and 48 MB while it grew,
	 * when every key was here) */
	if ((r->used + 1) * 4 > r->tabcap * 3)
		rehash(r);
	i = slot(r, k->ptr, k->len);
	if (!r->tab[i].key) {
		r->tab[i].key = strpool_copyn(&r->pool, k->ptr, k->len);
		r->tab[i].head = NIL;
		r->used++;
	}
	r->tab[i].head = push_node(r, r->tab[i].head, file);
}

static uint64_t
phash(int kind, const char *s, size_t len)
{
	return hash_mem(s, len) ^ ((uint64_t)(kind + 1) *
	    0x9e3779b97f4a7c15ULL);
}

static uint32_t
ptag(uint64_t h, int kind)
{
	return ((uint32_t)(h >> 32) & ~3u) | (uint32_t)kind;
}

/* The slot of the path key kind+s (len bytes, its phash h): where it is,
 * or the empty slot where it would go. */
static size_t
pslot_of(const struct resolver *r, uint64_t h, int kind, const char *s,
    size_t len)
{
	uint32_t tag = ptag(h, kind);
	size_t i = (size_t)h & (r->pcap - 1);

	for (; r->ptab[i].head != NIL; i = (i + 1) & (r->pcap - 1)) {
		const struct rfile *f;

		if (r->ptab[i].tag != tag)
			continue;
		f = &r->files[ref_file(r, r->ptab[i].head)];
		if (f->plen[kind] == len && memcmp(f->path, s, len) == 0)
			break;
	}
	return i;
}

static void
prehash(struct resolver *r)
{
	struct pslot *old = r->ptab;
	size_t oldcap = r->pcap, i, j;

	r->pcap *= 2;
	r->ptab = xmalloc(r->pcap * sizeof *r->ptab);
	memset(r->ptab, 0xff, r->pcap * sizeof *r->ptab);
	for (i = 0; i < oldcap; i++) {
		const struct rfile *f;
		int kind = (int)(old[i].tag & 3);

		if (old[i].head == NIL)
			continue;
		f = &r->files[ref_file(r, old[i].head)];
		j = (size_t)phash(kind, f->path, f->plen[kind]) &
		    (r->pcap - 1);
		while (r->ptab[j].head != NIL)
			j = (j + 1) & (r->pcap - 1);
		r->ptab[j] = old[i];
	}
	free(old);
}

/* File's path key of kind. */
static void
put_path(struct resolver *r, int kind, size_t file)
{
	const struct rfile *f = &r->files[file];
	size_t i, len = f->plen[kind];
	uint64_t h;

	if (len == 0)
		return;
	if ((r->pused + 1) * 4 > r->pcap * 3)
		prehash(r);
	h = phash(kind, f->path, len);
	i = pslot_of(r, h, kind, f->path, len);
	if (r->ptab[i].head == NIL) {
		r->ptab[i].tag = ptag(h, kind);
		r->pused++;
	}
	r->ptab[i].head = push_node(r, r->ptab[i].head, file);
}

static void
put_folded(struct resolver *r, int kind, const char *s, size_t file)
{
	char *f;

	if (!s || !*s)
		return;
	f = fold_case(s);
	put(r, kind, f, file);
	free(f);
}

/* The reference after ref under its key, or NONE. */
static size_t
next_node(const struct resolver *r, size_t ref)
{
	if (ref & SOLO || r->nodes[ref].next == NIL)
		return NONE;
	return r->nodes[ref].next;
}

/* The first node under kind+s, or NONE. */
static size_t
get(const struct resolver *r, int kind, const char *s)
{
	char small[256], *k;
	size_t i, head, len = strlen(s);

	/* (a link costs a few lookups: no malloc for a key of a usual
	 * length) */
	k = len < sizeof small ? small : xmalloc(len + 1);
	k[0] = (char)kind;
	memcpy(k + 1, s, len);
	i = slot(r, k, len + 1);
	head = r->tab[i].key ? r->tab[i].head : NIL;
	if (k != small)
		free(k);
	return head == NIL ? NONE : head;
}

/* The first node under the path key kind+s, or NONE. */
static size_t
get_path(const struct resolver *r, int kind, const char *s)
{
	size_t len = strlen(s);
	size_t i = pslot_of(r, phash(kind, s, len), kind, s, len);

	return r->ptab[i].head == NIL ? NONE : r->ptab[i].head;
}

/* Length of the note extension ending s, or 0. */
static size_t
ext_len(const char *s)
{
	return is_note_file(s) ? strlen(s) - strlen(strrchr(s, '.')) : 0;
}

void
resolver_add(struct resolver *r, long id, const char *path, const char *slug,
    const char *lang, const char *title, char *const *aliases,
    size_t naliases)
{
	struct rfile *f;
	size_t file = r->nfiles, i, e, n;
	char *stem, *dir, *base;

	r->files = xgrow(r->files, &r->filecap, r->nfiles + 1,
	    sizeof *r->files);
	f = &r->files[r->nfiles++];
	f->id = id;
	f->path = r->borrow ? path : strpool_copy(&r->pool, path);
	dir = path_dir(path);
	f->dir = strpool_intern(&r->pool, dir);
	f->slug = r->borrow && slug ? slug : strpool_copy(&r->pool,
	    slug ? slug : "");
	f->lang = strpool_intern(&r->pool, lang ? lang : "");

	/* the path keys, each a prefix of the path: the path, without its
	 * extension, and without its language suffix (dir/stem) */
	n = strlen(path);
	e = ext_len(path);
	stem = path_stem(path);
	if (n >= NIL)
		die("resolver: a path of %zu bytes", n);
	f->plen[PK_PATH] = (uint32_t)n;
	f->plen[PK_NOEXT] = (uint32_t)(e ? e : n);
	f->plen[PK_STEM] = (uint32_t)((size_t)(path_base(path) - path) +
	    strlen(stem));
	base = xstrndup(path_base(path), f->plen[PK_NOEXT] -
	    (size_t)(path_base(path) - path));

	for (i = 0; i < NPKINDS; i++)
		put_path(r, (int)i, file);
	put(r, K_NAME, f->slug, file);
	put_folded(r, K_NAME, stem, file);
	put_folded(r, K_NAME, base, file);
	for (i = 0; i < naliases; i++)
		put_folded(r, K_ALIAS, aliases[i], file);
	put_folded(r, K_TITLE, title, file);
	free(stem);
	free(base);
	free(dir);
}

/*
 * Normalise a vault-relative path: no "." or empty parts, ".." applied.
 * NULL when ".." climbs out of the vault.
 */
static char *
normalize(const char *p)
{
	struct buf b = BUF_INIT;
	const char *q;
	size_t n, cut;

	while (*p) {
		q = strchr(p, '/');
		n = q ? (size_t)(q - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (b.len == 0) {
				buf_free(&b);
				return NULL;
			}
			cut = b.len;
			while (cut > 0 && b.ptr[cut - 1] != '/')
				cut--;
			buf_truncate(&b, cut > 0 ? cut - 1 : 0);
		} else {
			if (b.len)
				buf_addc(&b, '/');
			buf_add(&b, p, n);
		}
		p += n;
		if (*p == '/')
			p++;
	}
	return buf_take(&b);
}

struct cands {
	size_t *v;
	size_t n, cap;
};

static void
cand_list(const struct resolver *r, struct cands *c, size_t node)
{
	for (; node != NONE; node = next_node(r, node)) {
		c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof *c->v);
		c->v[c->n++] = ref_file(r, (uint32_t)node);
	}
}

static int
size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Drop repeated candidates (two lookups may find the same file). */
static void
cand_unique(struct cands *c)
{
	size_t i, k;

	if (c->n < 2)
		return;
	qsort(c->v, c->n, sizeof *c->v, size_cmp);
	for (i = 1, k = 1; i < c->n; i++)
		if (c->v[i] != c->v[k - 1])
			c->v[k++] = c->v[i];
	c->n = k;
}

/* Exact path lookups of p: the file itself, its translations, or the
 * file named without its extension. 1 when p is a file's whole path. */
static int
by_path(const struct resolver *r, struct cands *c, const char *p)
{
	size_t node;

	if ((node = get_path(r, PK_PATH, p)) != NONE) {
		cand_list(r, c, node);
		return 1;
	}
	if ((node = get_path(r, PK_STEM, p)) != NONE ||
	    (node = get_path(r, PK_NOEXT, p)) != NONE)
		cand_list(r, c, node);
	return 0;
}

/* Does folder dir end with the folders want (case-insensitive, at a
 * '/' boundary)? */
static int
dir_ends(const char *dir, const char *want)
{
	size_t ld = strlen(dir), lw = strlen(want);
	char *a, *b;
	int ok;

	if (lw > ld || (lw < ld && dir[ld - lw - 1] != '/'))
		return 0;
	a = fold_case(dir + ld - lw);
	b = fold_case(want);
	ok = strcmp(a, b) == 0;
	free(a);
	free(b);
	return ok;
}

/* By slug or file name: the last part of t, folded or slugified, without
 * extension; folders written in t narrow the candidates when they can. */
static void
by_name(const struct resolver *r, struct cands *c, const char *t)
{
	char *want = xstrdup(t), *last, *folded, *slug, *dirs = NULL;
	size_t e, i, k, n;

	n = strlen(want);
	while (n > 0 && want[n - 1] == '/')
		want[--n] = '\0';
	last = strrchr(want, '/');
	if (last) {
		*last++ = '\0';
		dirs = normalize(want[0] == '/' ? want + 1 : want);
	} else {
		last = want;
	}
	e = ext_len(last);
	if (e)
		last[e] = '\0';
	if (*last) {
		folded = fold_case(last);
		slug = slugify(last);
		cand_list(r, c, get(r, K_NAME, folded));
		if (strcmp(slug, folded) != 0)
			cand_list(r, c, get(r, K_NAME, slug));
		cand_unique(c);
		free(folded);
		free(slug);
	}
	if (dirs && *dirs && c->n > 1) {
		for (i = 0, k = 0; i < c->n; i++)
			if (dir_ends(r->files[c->v[i]].dir, dirs))
				k++;
		if (k > 0) {
			for (i = 0, k = 0; i < c->n; i++)
				if (dir_ends(r->files[c->v[i]].dir, dirs))
					c->v[k++] = c->v[i];
			c->n = k;
		}
	}
	free(dirs);
	free(want);
}

static int
lang_slot(const char *l)
{
	int a = (unsigned char)l[0] - 'a', b;

	if (a < 0 || a >= 26 || !l[1])
		return -1;
	b = (unsigned char)l[1] - 'a';
	if (b < 0 || b >= 26)
		return -1;
	return a * 26 + b;
}

/* Are files a and b translations of one note (one folder, one slug)? */
static int
same_note(const struct resolver *r, size_t a, size_t b)
{
	return strcmp(r->files[a].slug, r->files[b].slug) == 0 &&
	    strcmp(r->files[a].dir, r->files[b].dir) == 0;
}

/* Several notes (not translations of one) among the candidates? */
static int
is_tie(const struct resolver *r, const struct cands *c)
{
	unsigned char seen[26 * 26];
	size_t i;
	int l, other = 0;

	if (c->n < 2)
		return 0;
	for (i = 1; i < c->n; i++)
		if (!same_note(r, c->v[0], c->v[i]))
			return 1;
	memset(seen, 0, sizeof seen);
	for (i = 0; i < c->n; i++) {
		l = lang_slot(r->files[c->v[i]].lang);
		if (l < 0) {
			if (other++)
				return 1;
			continue;
		}
		if (seen[l]++)
			return 1;
	}
	return 0;
}

/* Is a a better pick than b: in the linking note's folder, then the
 * shorter path, then the first in byte order. */
static int
better(const struct resolver *r, size_t a, size_t b, const char *from_dir)
{
	const struct rfile *x = &r->files[a], *y = &r->files[b];
	int hx = strcmp(x->dir, from_dir) == 0, hy = strcmp(y->dir,
	    from_dir) == 0;
	size_t lx, ly;

	if (hx != hy)
		return hx;
	lx = strlen(x->path);
	ly = strlen(y->path);
	if (lx != ly)
		return lx < ly;
	return strcmp(x->path, y->path) < 0;
}

/*
 * Obsidian's rule for a name: does another note tie with best, neither
 * in the linking note's folder or both, with paths of the same length?
 * (A note in that folder, or a shortest path, wins without a doubt.)
 */
static int
is_true_tie(const struct resolver *r, const struct cands *c, size_t best,
    const char *from_dir)
{
	const struct rfile *b = &r->files[best], *x;
	int hb = strcmp(b->dir, from_dir) == 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		x = &r->files[c->v[i]];
		if (same_note(r, c->v[i], best))
			continue;
		if ((strcmp(x->dir, from_dir) == 0) == hb &&
		    strlen(x->path) == strlen(b->path))
			return 1;
	}
	return 0;
}

/* Pick among the candidates of one step; 0 when there were none. by_name:
 * the step of names, where only Obsidian's true ties are ambiguous. */
static int
choose(const struct resolver *r, const struct cands *c, const char *from_dir,
    const char *prefer_lang, int by_name, struct resolution *res)
{
	size_t i, best = NONE, pick = NONE;

	if (c->n == 0)
		return 0;
	for (i = 0; i < c->n; i++)
		if (best == NONE || better(r, c->v[i], best, from_dir))
			best = c->v[i];
	pick = best;
	if (prefer_lang && *prefer_lang &&
	    strcmp(r->files[best].lang, prefer_lang) != 0) {
		pick = NONE;
		for (i = 0; i < c->n; i++) {
			const struct rfile *f = &r->files[c->v[i]];

			if (!same_note(r, c->v[i], best) ||
			    strcmp(f->lang, prefer_lang) != 0)
				continue;
			if (pick == NONE || better(r, c->v[i], pick, from_dir))
				pick = c->v[i];
		}
		if (pick == NONE)
			pick = best;
	}
	res->id = r->files[pick].id;
	res->file = pick;
	res->ambiguous = by_name ? is_true_tie(r, c, best, from_dir) :
	    is_tie(r, c);
	res->others = 0;
	for (i = 0; i < c->n; i++)
		if (!same_note(r, c->v[i], best))
			res->others++;
	return 1;
}

/*
 * A link from one language of a note to the note itself means its other
 * language: x.es.md's [[x]] is x.md. The translation picked is the
 * default-language one when there are several (the shortest path).
 */
static void
other_language(const struct resolver *r, const char *from_path,
    struct resolution *res)
{
	size_t i, node, self = res->file, pick = NONE;
	char *stem, *key;

	if (res->id < 0 || strcmp(r->files[self].path, from_path) != 0)
		return;
	stem = path_stem(from_path);
	key = *r->files[self].dir ? xasprintf("%s/%s", r->files[self].dir,
	    stem) : xstrdup(stem);
	for (node = get_path(r, PK_STEM, key); node != NONE;
	    node = next_node(r, node)) {
		i = ref_file(r, (uint32_t)node);
		if (i == self || !same_note(r, i, self) ||
		    strcmp(r->files[i].lang, r->files[self].lang) == 0)
			continue;
		if (pick == NONE || strlen(r->files[i].path) <
		    strlen(r->files[pick].path))
			pick = i;
	}
	free(stem);
	free(key);
	if (pick != NONE) {
		res->id = r->files[pick].id;
		res->file = pick;
	}
}

struct resolution
resolver_resolve(const struct resolver *r, const char *from_path,
    const char *target, const char *prefer_lang)
{
	struct resolution res = { -1, RESOLVE_NONE, 0, 0, 0 };
	struct cands c = { NULL, 0, 0 };
	char *t, *from_dir, *norm, *rel, *f;
	size_t n;
	int site, exact = 0;

	if (!target)
		return res;
	if (!from_path)
		from_path = "";
	t = xstrdup(target);
	n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		t[--n] = '\0';
	from_dir = path_dir(from_path);
	if (t[strspn(t, " \t")] == '\0') {
		/* [[#Heading]]: this very note */
		cand_list(r, &c, get_path(r, PK_PATH, from_path));
		if (c.n)
			res.how = RESOLVE_PATH;
		choose(r, &c, from_dir, NULL, 0, &res);
		goto fail;
	}
	site = t[0] == '/';
	norm = normalize(site ? t + 1 : t);
	if (norm && *norm) {
		exact = by_path(r, &c, norm);
		if (choose(r, &c, from_dir, prefer_lang, 0, &res)) {
			res.how = RESOLVE_PATH;
			free(norm);
			goto resolved;
		}
	}
	free(norm);
	if (!site && *from_dir) {
		f = xasprintf("%s/%s", from_dir, t);
		rel = normalize(f);
		free(f);
		if (rel && *rel)
			exact = by_path(r, &c, rel);
		free(rel);
		if (choose(r, &c, from_dir, prefer_lang, 0, &res)) {
			res.how = RESOLVE_RELATIVE;
			goto resolved;
		}
	}
	by_name(r, &c, t);
	if (choose(r, &c, from_dir, prefer_lang, 1, &res)) {
		res.how = RESOLVE_SLUG;
		goto resolved;
	}
	f = fold_case(t);
	cand_list(r, &c, get(r, K_ALIAS, f));
	if (choose(r, &c, from_dir, prefer_lang, 0, &res)) {
		res.how = RESOLVE_ALIAS;
		free(f);
		goto resolved;
	}
	cand_list(r, &c, get(r, K_TITLE, f));
	if (choose(r, &c, from_dir, prefer_lang, 0, &res))
		res.how = RESOLVE_TITLE;
	free(f);
resolved:
	if (!exact)	/* a file named in full is that file */
		other_language(r, from_path, &res);
fail:
	free(c.v);
	free(t);
	free(from_dir);
	return res;
}

size_t
resolver_alternatives(const struct resolver *r, const char *target,
    enum resolve_how how, const char *prefer_lang, long *ids, size_t max)
{
	struct cands c = { NULL, 0, 0 };
	size_t i, j, k, n = 0, *pick;
	char *f;

	if (how == RESOLVE_SLUG) {
		by_name(r, &c, target);
	} else if (how == RESOLVE_ALIAS || how == RESOLVE_TITLE) {
		f = fold_case(target);
		cand_list(r, &c, get(r, how == RESOLVE_ALIAS ? K_ALIAS :
		    K_TITLE, f));
		free(f);
		cand_unique(&c);
	}
	pick = xcalloc(c.n ? c.n : 1, sizeof *pick);
	/* one file per note: the preferred language's, else the best */
	for (i = 0; i < c.n; i++) {
		for (j = 0; j < n; j++)
			if (same_note(r, pick[j], c.v[i]))
				break;
		if (j == n)
			pick[n++] = c.v[i];
		else if (prefer_lang && strcmp(r->files[c.v[i]].lang,
		    prefer_lang) == 0 && strcmp(r->files[pick[j]].lang,
		    prefer_lang) != 0)
			pick[j] = c.v[i];
	}
	/* best first (insertion: a name matches a handful of notes) */
	for (i = 1; i < n; i++)
		for (k = i; k > 0 && better(r, pick[k], pick[k - 1], ""); k--) {
			j = pick[k];
			pick[k] = pick[k - 1];
			pick[k - 1] = j;
		}
	for (i = 0; i < n && i < max; i++)
		ids[i] = r->files[pick[i]].id;
	free(pick);
	free(c.v);
	return n;
}
