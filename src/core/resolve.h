/*
 * resolve.h: link targets to notes, in DESIGN.md's order, first hit wins:
 * exact vault-relative path; path relative to the linking note's folder;
 * slug or file name (case-insensitive, extension optional); alias; title
 * (case-insensitive). Ties prefer the linking note's folder, then the
 * shortest path, and are reported as ambiguous. Translations of one note
 * (same slug, other lang) never count as a tie.
 */
#ifndef STRATUS_RESOLVE_H
#define STRATUS_RESOLVE_H

#include <stddef.h>

struct resolver;

struct resolver *resolver_new(void);
void resolver_free(struct resolver *r);
/* From now on the path and slug given to resolver_add are kept, not
 * copied: the caller's, for as long as the resolver lives (a sync's scan,
 * whose pool holds them: 7 MB less at 100,000 notes). */
void resolver_borrow(struct resolver *r);
/* Register a file under id (the caller's, e.g. an index row id). Strings
 * are copied (but see resolver_borrow). */
void resolver_add(struct resolver *r, long id, const char *path,
    const char *slug, const char *lang, const char *title,
    char *const *aliases, size_t naliases);

enum resolve_how {
	RESOLVE_NONE = 0,
	RESOLVE_PATH,
	RESOLVE_RELATIVE,
	RESOLVE_SLUG,
	RESOLVE_ALIAS,
	RESOLVE_TITLE,
};

struct resolution {
	long id;		/* -1 when unresolved */
	enum resolve_how how;
	int ambiguous;		/* several notes tied at this step (for
				 * names, Obsidian's rule: same folder, then
				 * shortest path, and a tie left is one) */
	size_t file;		/* the resolver's own number of the file */
	int others;		/* other notes that matched at this step */
};

/*
 * Resolve target (as in struct link, decoded, no anchor) written in the
 * file from_path. prefer_lang picks among translations ("" for none). A
 * target naming from_path's own note (not "", [[#Heading]]) means its
 * other language: [[x]] in x.es.md is x.md.
 */
struct resolution resolver_resolve(const struct resolver *r,
    const char *from_path, const char *target, const char *prefer_lang);

/*
 * The notes a name matched at step how (RESOLVE_SLUG, _ALIAS or _TITLE,
 * as resolver_resolve() said), one document id per note (the preferred
 * language's when there is one), best first by the shortest path: at
 * most max into ids, returns how many there are.
 */
size_t resolver_alternatives(const struct resolver *r, const char *target,
    enum resolve_how how, const char *prefer_lang, long *ids, size_t max);

#endif
