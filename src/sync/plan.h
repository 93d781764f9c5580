/*
 * plan.h: the sync plan, a three-way comparison for every slug of what the
 * vault has (local), what the cloud has (remote: updated_at from the META
 * listing) and what both agreed on at the last sync (base, in sync.db).
 * The remote's edges count too when they were listed (the cloud's cache
 * version moved, or the read API's graph): a node whose EDGE items
 * differ from the base's has changed even with the same updated_at.
 * Pure: no I/O, so every rule is unit-tested. The rules are those of
 * stratus-sync(7), "Plan".
 */
#ifndef STRATUS_PLAN_H
#define STRATUS_PLAN_H

#include <stddef.h>

#include "sync/map.h"
#include "sync/state.h"

enum sync_action {
	SA_NONE,		/* in step */
	SA_PUSH_NEW,		/* a note the cloud does not have */
	SA_PUSH,		/* edited here (files or links) */
	SA_PULL_NEW,		/* a node the vault does not have */
	SA_PULL,		/* edited in the cloud (or deleted here and
				 * edited there: restored) */
	SA_ADOPT,		/* on both sides with no base: compare */
	SA_DELETE_REMOTE,	/* deleted here: delete the node */
	SA_HELD_DELETE,		/* deleted here, --allow-delete not given */
	SA_TRASH_LOCAL,		/* deleted in the cloud: file to the trash */
	SA_CONFLICT,		/* changed on both sides */
	SA_BLOCKED,		/* an open conflict: left alone */
	SA_FORGET,		/* gone on both sides: drop the base */
};

/* A node as the cloud lists it. Its strings are a pool's (strpool_put: a
 * slug, a node type and an edge are the same string as the notes' and
 * the bases'); its edges array is its own. */
struct remote_entry {
	char *slug;
	char *updated;		/* updated_at */
	char *node_type;	/* or NULL */
	char **edges;		/* EDGE targets, sorted, unique, when */
	size_t nedges;
	int edges_known;	/* ... the edges were listed this run */
};
/* Free what e holds (its edges array; NULL accepted) and zero it. */
void remote_entry_clear(struct remote_entry *e);
/* Sort e's edges and drop those listed twice (the same string: a
 * pool's interned). */
void remote_entry_sort(struct remote_entry *e);
/* Sort n entries by slug; and the one of slug among them (sorted), or
 * NULL. */
void remote_entries_sort(struct remote_entry *v, size_t n);
struct remote_entry *remote_find(const struct remote_entry *v, size_t n,
    const char *slug);

struct plan_item {
	enum sync_action act;
	const char *slug;
	struct local_note *local;		/* borrowed, or NULL */
	const struct remote_entry *remote;	/* borrowed, or NULL */
	const struct sync_base *base;		/* borrowed, or NULL */
	const char *base_updated;	/* the updated_at to write against */
	const char *reason;		/* conflicts: why */
	int files_changed;	/* push: the files (not only links) changed */
	int recovered;		/* a killed sync's META write had landed */
	int remote_links;	/* its EDGE items changed in the cloud while
				 * its META did not */
};

struct plan_opts {
	int push, pull;		/* which halves to plan */
	int allow_delete;
	int visible_edges;	/* compare only edges whose target is a
				 * listed node (the read API hides the
				 * others) */
	int offline;		/* no listing (status): the cloud is taken
				 * to be as each base agreed */
};

/*
 * Do the edge sets a and b (sorted) differ? With listed (n slugs, sorted)
 * only targets among them count.
 */
int edges_differ(char *const *a, size_t na, char *const *b, size_t nb,
    const struct remote_entry *listed, size_t nlisted);

/*
 * Build the plan. All arrays sorted by slug; blocked lists the slugs with
 * an open conflict (sorted too). Items come sorted by slug, one per slug
 * that needs anything (SA_NONE items are left out). *out is the caller's
 * to free.
 */
void plan_build(struct local_note *locals, size_t nl,
    const struct remote_entry *remotes, size_t nr,
    const struct sync_base *bases, size_t nb,
    char *const *blocked, size_t nblocked, const struct plan_opts *o,
    struct plan_item **out, size_t *n);

/*
 * The same plan, the bases given a chunk at a time (a vault's bases need
 * not all be held): plan_begin, then plan_bases for each chunk (sorted,
 * each after the last), then plan_end. The base of an item is given to
 * keep, which returns the copy the item is to point at from then on (the
 * chunk may then go); the item's slug and base_updated follow it. keep
 * NULL: the chunks stay. (The fields are the planner's: a struct only so
 * that it can live on the stack.)
 */
typedef const struct sync_base *(*plan_keep_fn)(void *arg,
    const struct sync_base *b);
struct planner {
	struct local_note *locals;
	size_t nl, il;
	const struct remote_entry *remotes;
	size_t nr, ir;
	char *const *blocked;
	size_t nblocked;
	const struct plan_opts *o;
	struct plan_item *items;
	size_t n, cap;
};
void plan_begin(struct planner *p, struct local_note *locals, size_t nl,
    const struct remote_entry *remotes, size_t nr, char *const *blocked,
    size_t nblocked, const struct plan_opts *o);
void plan_bases(struct planner *p, const struct sync_base *bases,
    size_t nb, plan_keep_fn keep, void *arg);
void plan_end(struct planner *p, struct plan_item **out, size_t *n);
/* Drop a plan not ended (a chunk could not be read). */
void plan_drop(struct planner *p);

/* Is u one of the space-separated values of pending? */
int pending_has(const char *pending, const char *u);

/* "push", "pull", ... for listings. */
const char *sync_action_name(enum sync_action a);

#endif
