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
/* Register a file under id (the caller's, e.g. an index row id). Strings
 * are copied. */
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
	int ambiguous;		/* several candidates tied at this step */
};

/*
 * Resolve target (as in struct link, decoded, no anchor) written in the
 * file from_path. prefer_lang picks among translations ("" for none).
 */
struct resolution resolver_resolve(const struct resolver *r,
    const char *from_path, const char *target, const char *prefer_lang);

#endif
