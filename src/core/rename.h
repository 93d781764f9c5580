/*
 * rename.h: renaming a note and rewriting the links to it (`stratus mv`).
 *
 * The links to rewrite come from the index (each with its line); the
 * rewrite replaces only the file-name part of each link as written
 * ([[dir/old#H|label]] -> [[dir/new#H|label]], [t](../x/old.md#a) ->
 * [t](../x/new.md#a), a slug in concepts: -> the new slug), so every
 * link keeps its style. Links by title or alias stay as they are.
 *
 * Applying is journalled in VAULT/.stratus/mv.journal: new contents are
 * staged in .stratus/mv-stage/ first, then the journal is written (the
 * commit point), then files are moved into place. rename_recover()
 * finishes an interrupted rename (journal present) or removes the
 * staging of one that never committed.
 */
#ifndef STRATUS_RENAME_H
#define STRATUS_RENAME_H

#include "core/index.h"
#include "core/note.h"

#include <stddef.h>

/* One link found by the index: its line and target as written. */
struct rename_link {
	int line;
	enum link_kind kind;
	const char *target;
};

/* Rewrite text's links listed in links[] from a file named oldstem
 * (slug oldslug) to newstem (newslug). 0 with *out (malloc'd, may equal
 * text) and *changed, or -1 with *cause naming the first link that
 * cannot be found or rewritten. */
int rename_rewrite(const char *text, const struct rename_link *links,
    size_t n, const char *oldstem, const char *oldslug, const char *newstem,
    const char *newslug, char **out, int *changed, char **cause);

/* A planned change: write content to path (vault-relative), and when
 * from is not NULL remove from afterwards (a renamed file). */
struct rename_op {
	char *path;
	char *from;
	char *content;
	size_t len;
};

/* Every change renaming a note takes, as rename_plan() found them. */
struct rename_plan {
	struct rename_op *ops;	/* the renamed files first */
	size_t nops;
	char **old;		/* the old text of each op, for a diff */
	long links;		/* links rewritten */
};
void rename_plan_free(struct rename_plan *p);

/* What rename_plan() can fail with (0 is success). */
#define RENAME_FAILED	(-1)	/* a file unreadable, a link not found */
#define RENAME_EXISTS	(-2)	/* a file of the new name is there */
#define RENAME_BAD	(-3)	/* the new name cannot be a file name */

/* NEWNAME as the file name it gives (".md" dropped): the caller frees it;
 * NULL with *cause when it is empty, hidden or has a folder part (a note
 * is renamed in its folder). */
char *rename_stem(const char *newname, char **cause);
/* Plan renaming note d (every translation of it, each keeping its
 * folder, language suffix and extension) to newstem and rewriting every
 * link to it that the up-to-date index ix of vault knows. 0 with *p
 * filled, or a RENAME_ error with *cause; nothing is written. */
int rename_plan(struct index *ix, const char *vault, const struct doc *d,
    const char *newstem, struct rename_plan *p, char **cause);

/* Apply ops under the journal, as above. 0, or -1 with *cause (nothing
 * changed when it fails before the commit point). */
int rename_apply(const char *vault, const struct rename_op *ops, size_t n,
    char **cause);
/* Finish or undo an interrupted rename_apply. 1 when it finished one, 0
 * when there was nothing to do, -1 with *cause. */
int rename_recover(const char *vault, char **cause);

#endif
