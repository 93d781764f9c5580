/* plan.c: the three-way sync plan (see plan.h and stratus-sync(7)). */
#include "sync/plan.h"
#include "core/strpool.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

const char *
sync_action_name(enum sync_action a)
{
	switch (a) {
	case SA_NONE:
		return "none";
	case SA_PUSH_NEW:
		return "push (new)";
	case SA_PUSH:
		return "push";
	case SA_PULL_NEW:
		return "pull (new)";
	case SA_PULL:
		return "pull";
	case SA_ADOPT:
		return "compare";
	case SA_DELETE_REMOTE:
		return "delete in the cloud";
	case SA_HELD_DELETE:
		return "delete held (--allow-delete)";
	case SA_TRASH_LOCAL:
		return "move to trash";
	case SA_CONFLICT:
		return "conflict";
	case SA_BLOCKED:
		return "conflict (open)";
	case SA_FORGET:
		return "forget";
	}
	return "?";
}

int
pending_has(const char *pending, const char *u)
{
	size_t n;

	if (!pending || !u || !*u)
		return 0;
	n = strlen(u);
	while (*pending) {
		const char *sp = strchr(pending, ' ');
		size_t len = sp ? (size_t)(sp - pending) : strlen(pending);

		if (len == n && memcmp(pending, u, n) == 0)
			return 1;
		if (!sp)
			break;
		pending = sp + 1;
	}
	return 0;
}

void
remote_entry_clear(struct remote_entry *e)
{
	if (!e)
		return;
	free(e->edges);
	memset(e, 0, sizeof *e);
}

void
remote_entry_sort(struct remote_entry *e)
{
	/* (char * for the plan's sake; strings of the pool all the same) */
	e->nedges = strpool_uniq((const char **)e->edges, e->nedges);
	if (e->nedges)	/* (held to the end of the run: no room to spare) */
		e->edges = xrealloc(e->edges, e->nedges * sizeof *e->edges);
}

static int
cmp_remote(const void *a, const void *b)
{
	return strcmp(((const struct remote_entry *)a)->slug,
	    ((const struct remote_entry *)b)->slug);
}

static int
cmp_remote_key(const void *k, const void *e)
{
	return strcmp(k, ((const struct remote_entry *)e)->slug);
}

void
remote_entries_sort(struct remote_entry *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_remote);
}

struct remote_entry *
remote_find(const struct remote_entry *v, size_t n, const char *slug)
{
	if (!slug || n == 0)	/* (v may be NULL: bsearch must not see it) */
		return NULL;
	return bsearch(slug, v, n, sizeof *v, cmp_remote_key);
}

static int
counts(const char *t, const struct remote_entry *listed, size_t n)
{
	return !listed || remote_find(listed, n, t) != NULL;
}

int
edges_differ(char *const *a, size_t na, char *const *b, size_t nb,
    const struct remote_entry *listed, size_t nlisted)
{
	size_t i = 0, j = 0;

	for (;;) {
		int c;

		while (i < na && !counts(a[i], listed, nlisted))
			i++;
		while (j < nb && !counts(b[j], listed, nlisted))
			j++;
		if (i == na || j == nb)
			return i != na || j != nb;
		c = strcmp(a[i], b[j]);
		if (c != 0)
			return 1;
		i++;
		j++;
	}
}

static int
files_differ(const struct local_note *l, const struct sync_base *b)
{
	int i;

	for (i = 0; i < NLANGS; i++)
		if ((l->hash[i] || b->hash[i]) &&
		    !hash_is(l->hash[i], b->hash[i]))
			return 1;
	return 0;
}

static int
is_blocked(char *const *blocked, size_t n, const char *slug)
{
	return n > 0 && bsearch(&slug, blocked, n, sizeof *blocked,
	    cmp_strp) != NULL;
}

static void
decide(struct plan_item *it, const struct plan_opts *o,
    const struct remote_entry *remotes, size_t nr)
{
	struct local_note *L = it->local;
	const struct remote_entry *R = it->remote;
	const struct sync_base *B = it->base;
	struct remote_entry stand;
	int agreed, lch = 0, rch = 0, rlinks = 0;

	/* no listing: the cloud as every base agreed (R lives only here) */
	if (o->offline && !R && B && B->remote_updated) {
		memset(&stand, 0, sizeof stand);
		stand.slug = B->slug;
		stand.updated = B->remote_updated;
		R = &stand;
	}

	it->base_updated = B ? B->remote_updated : NULL;
	/* a META write in flight when the last sync stopped */
	if (B && R && pending_has(B->pending, R->updated)) {
		it->base_updated = R->updated;
		it->recovered = 1;
	}
	agreed = it->base_updated != NULL;
	if (!agreed) {
		if (L && !R)
			it->act = SA_PUSH_NEW;
		else if (!L && R)
			it->act = SA_PULL_NEW;
		else if (L && R)
			it->act = SA_ADOPT;
		else
			it->act = B ? SA_FORGET : SA_NONE;
		return;
	}
	if (L) {
		it->files_changed = it->recovered || files_differ(L, B);
		/* (a scan's edges are borrowed, and only read here) */
		lch = it->files_changed || edges_differ(
		    (char *const *)L->edges, L->nedges, B->edges,
		    B->nedges, NULL, 0);
	}
	if (R)
		rch = strcmp(R->updated, it->base_updated) != 0;
	/* links changed in the cloud, the META not: a pull, or a push
	 * whose edges merge three ways (never a conflict) */
	if (R && !rch && R->edges_known)
		rlinks = edges_differ(R->edges, R->nedges, B->edges,
		    B->nedges, o->visible_edges ? remotes : NULL,
		    o->visible_edges ? nr : 0);
	it->remote_links = rlinks;
	if (L && R) {
		if (lch && rch) {
			it->act = SA_CONFLICT;
			it->reason = "edited here and in the cloud";
		} else if (lch) {
			it->act = SA_PUSH;
			if (rlinks)
				it->reason = "its links changed in the cloud "
				    "too: merged";
		} else if (rch || rlinks) {
			it->act = SA_PULL;
			if (!rch)
				it->reason = "links changed in the cloud";
		} else {
			it->act = SA_NONE;
		}
	} else if (!L && R) {
		if (rch || rlinks)
			it->act = SA_PULL;
		else
			it->act = o->allow_delete ? SA_DELETE_REMOTE :
			    SA_HELD_DELETE;
	} else if (L && !R) {
		if (lch) {
			it->act = SA_CONFLICT;
			it->reason = "deleted in the cloud, edited here";
		} else {
			it->act = SA_TRASH_LOCAL;
		}
	} else {
		it->act = SA_FORGET;
	}
}

/* Drop what the half not asked for would do. */
static void
restrict_to(struct plan_item *it, const struct plan_opts *o)
{
	switch (it->act) {
	case SA_PUSH_NEW:
	case SA_PUSH:
	case SA_DELETE_REMOTE:
	case SA_HELD_DELETE:
		if (!o->push)
			it->act = SA_NONE;
		break;
	case SA_PULL_NEW:
	case SA_PULL:
	case SA_TRASH_LOCAL:
		if (!o->pull)
			it->act = SA_NONE;
		break;
	default:
		break;
	}
}

void
plan_begin(struct planner *p, struct local_note *locals, size_t nl,
    const struct remote_entry *remotes, size_t nr, char *const *blocked,
    size_t nblocked, const struct plan_opts *o)
{
	memset(p, 0, sizeof *p);
	p->locals = locals;
	p->nl = nl;
	p->remotes = remotes;
	p->nr = nr;
	p->blocked = blocked;
	p->nblocked = nblocked;
	p->o = o;
}

/* Plan every slug up to the last of bases (all: every slug left). */
static void
plan_merge(struct planner *p, const struct sync_base *bases, size_t nb,
    int all)
{
	struct local_note *locals = p->locals;
	const struct remote_entry *remotes = p->remotes;
	size_t ib = 0;

	while (ib < nb || (all && (p->il < p->nl || p->ir < p->nr))) {
		const char *s = NULL;
		struct plan_item it;

		if (p->il < p->nl)
			s = locals[p->il].slug;
		if (p->ir < p->nr && (!s || strcmp(remotes[p->ir].slug, s) < 0))
			s = remotes[p->ir].slug;
		if (ib < nb && (!s || strcmp(bases[ib].slug, s) < 0))
			s = bases[ib].slug;
		memset(&it, 0, sizeof it);
		it.slug = s;
		if (p->il < p->nl && strcmp(locals[p->il].slug, s) == 0)
			it.local = &locals[p->il++];
		if (p->ir < p->nr && strcmp(remotes[p->ir].slug, s) == 0)
			it.remote = &remotes[p->ir++];
		if (ib < nb && strcmp(bases[ib].slug, s) == 0)
			it.base = &bases[ib++];
		if (is_blocked(p->blocked, p->nblocked, s)) {
			it.act = SA_BLOCKED;
			it.reason = "open conflict";
		} else {
			decide(&it, p->o, remotes, p->nr);
			restrict_to(&it, p->o);
		}
		if (it.act == SA_NONE)
			continue;
		p->items = xgrow(p->items, &p->cap, p->n + 1, sizeof *p->items);
		p->items[p->n++] = it;
	}
}

void
plan_bases(struct planner *p, const struct sync_base *bases, size_t nb,
    plan_keep_fn keep, void *arg)
{
	size_t i = p->n;

	plan_merge(p, bases, nb, 0);
	for (; keep && i < p->n; i++) {
		struct plan_item *it = &p->items[i];
		const struct sync_base *old = it->base;

		if (!old)
			continue;
		/* (its slug and base_updated may be the chunk's: decide) */
		it->base = keep(arg, old);
		if (it->slug == old->slug)
			it->slug = it->base->slug;
		if (it->base_updated == old->remote_updated)
			it->base_updated = it->base->remote_updated;
	}
}

void
plan_end(struct planner *p, struct plan_item **out, size_t *n)
{
	plan_merge(p, NULL, 0, 1);
	*out = p->items;
	*n = p->n;
	p->items = NULL;
	p->n = p->cap = 0;
}

void
plan_drop(struct planner *p)
{
	free(p->items);
	p->items = NULL;
	p->n = p->cap = 0;
}

void
plan_build(struct local_note *locals, size_t nl,
    const struct remote_entry *remotes, size_t nr,
    const struct sync_base *bases, size_t nb,
    char *const *blocked, size_t nblocked, const struct plan_opts *o,
    struct plan_item **out, size_t *n)
{
	struct planner p;

	plan_begin(&p, locals, nl, remotes, nr, blocked, nblocked, o);
	plan_bases(&p, bases, nb, NULL, NULL);
	plan_end(&p, out, n);
}
