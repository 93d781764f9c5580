/*
 * map.h: the mapping between a note (one or two files sharing a slug,
 * Spanish and English) and a node of the cloud graph (a META item, EDGE
 * items, two bodies in S3), both ways, and the checks that make data from
 * the cloud safe to write into the vault. See stratus-sync(7).
 */
#ifndef STRATUS_MAP_H
#define STRATUS_MAP_H

#include <stddef.h>

#include "core/buf.h"
#include "sync/state.h"

struct cJSON;
struct note;
struct frontmatter;

/* Bodies larger than this are refused, both ways. */
#define NODE_BODY_MAX ((size_t)5 << 20)

/* A node as stratus maps it (META fields, edge targets, bodies). */
struct node {
	char *slug, *node_type, *status, *visibility;
	char *title, *title_es, *title_en, *summary_es, *summary_en;
	char **tags;
	size_t ntags;
	char *created_at, *updated_at;
	char **edges;		/* targets, sorted, unique */
	size_t nedges, edges_cap;
	char *body[NLANGS];	/* NULL: no body in that language */
	size_t body_len[NLANGS];
	char *etag[NLANGS];
	/* push: the body in this language is the one in the cloud already,
	 * so its word count is left as the cloud has it */
	unsigned char body_same[NLANGS];
};
void node_clear(struct node *nd);

/* The files of a note read and parsed (NULL: no file in that language). */
struct local_text {
	char *data[NLANGS];
	size_t len[NLANGS];
	struct note *n[NLANGS];
};

/*
 * A note of the vault: the files of one slug, read and parsed. Its slug,
 * paths, hashes, visibilities and edge targets are borrowed (from the pool
 * scan_vault was given); the edges array and text are its own. A vault of
 * 100,000 notes holds this many; the text of a few at a time.
 */
struct local_note {
	const char *slug;
	const char *path[NLANGS];	/* vault-relative, NULL when absent */
	const unsigned char *hash[NLANGS];	/* SHA-256 of the file, its
						 * HASH_LEN bytes */
	const char *vis[NLANGS];	/* its frontmatter's visibility, or NULL */
	struct local_text *text;	/* NULL until scan_load() */
	const char **edges;	/* resolved outgoing links: slugs, sorted */
	size_t nedges;
	unsigned char implied[NLANGS];	/* no lang: and no suffix said it */
};
/*
 * A file's SHA-256 as a scan keeps it: its 32 bytes, not the 64 of its hex
 * (3.3 MB less at 100,000 notes); bases and the scan's cache record the
 * hex. hash_pool: the hash hex names, in pool (NULL when hex is not 64
 * hex digits); hash_hex: h in hex, into hex (returned; NULL for NULL);
 * hash_is: is h the one hex names (neither NULL)?
 */
#define HASH_LEN	32
struct strpool;
const unsigned char *hash_pool(struct strpool *pool, const char *hex);
char *hash_hex(const unsigned char *h, char hex[2 * HASH_LEN + 1]);
int hash_is(const unsigned char *h, const char *hex);

/* Free what ln owns (not what it borrows). */
void local_note_clear(struct local_note *ln);
/* Free its text alone (NULL again). */
void local_note_unload(struct local_note *ln);
/* The parse of ln's file in lang; NULL when it has none or it was not
 * loaded (ln may be NULL). */
const struct note *local_parse(const struct local_note *ln, int lang);
/* Its text, or NULL (and 0); and its body, the text after its
 * frontmatter. *len bytes. */
const char *local_data(const struct local_note *ln, int lang, size_t *len);
const char *local_body(const struct local_note *ln, int lang, size_t *len);

/* ^[a-z0-9]+(-[a-z0-9]+)*$ and at most 200 bytes. */
int slug_valid(const char *s);
/* A node type that is safe as a path part: [a-z][a-z0-9-]*, <= 40. */
int node_type_valid(const char *t);
/* An updated_at usable as a version: 1 to 64 printable ASCII bytes. */
int updated_valid(const char *u);
/* The four types of the backend (concept, note, experiment, essay)? */
int node_type_known(const char *t);
/* The vault folder of a node type: concepts, notes, experiments, essays;
 * other valid types give their own name (caller frees). */
char *type_folder(const char *type);
/* "es" -> LANG_ES, "en" -> LANG_EN, else -1. */
int lang_slot(const char *lang);
extern const char *const lang_names[NLANGS];

/*
 * Make untrusted text safe: invalid UTF-8 becomes U+FFFD, NUL and other
 * control characters (C0, DEL, C1) are dropped, except tab and newline
 * when multiline (and CR, dropped silently). Appends to out; returns how
 * many things were changed.
 */
size_t clean_text(const char *s, size_t len, int multiline, struct buf *out);

/* The node a local note maps to (bodies borrowed copies; free with
 * node_clear). Needs ln loaded (scan_load). */
void node_from_local(const struct local_note *ln, struct node *nd);

/*
 * Read a META item (DynamoDB JSON) into nd; the strings are cleaned with
 * clean_text. Returns 0, or -1 with a cause when the item is unusable
 * (a bad slug or node type). *fixed counts what was neutralised.
 */
int node_from_item(const struct cJSON *item, struct node *nd, size_t *fixed,
    char **cause);
/* Add the META attributes of nd to a DynamoDB item (PutItem). */
void node_meta_attrs(const struct node *nd, struct cJSON *item);
/*
 * The UpdateItem request that sets the mapped META fields of nd (and
 * nothing else: attributes stratus does not know are kept), conditional
 * on updated_at being base_updated.
 */
struct cJSON *node_update_request(const char *table, const struct node *nd,
    const char *base_updated);

/* Add an edge target (ignored unless a valid slug other than the node's
 * own; at most NODE_EDGES_MAX); node_sort_edges sorts and drops
 * duplicates once all are added. */
#define NODE_EDGES_MAX 10000
void node_add_edge(struct node *nd, const char *target);
void node_sort_edges(struct node *nd);

/* Take a body (len bytes from the cloud) into nd, cleaned with
 * clean_text; *fixed counts what was neutralised. */
void node_take_body(struct node *nd, int lang, const char *data, size_t len,
    const char *etag, size_t *fixed);

/* Do two nodes carry the same META fields and bodies? */
int node_same(const struct node *a, const struct node *b);

/*
 * The text of the note file for language slot lang of nd: frontmatter
 * rebuilt from the node over the fields of the file as it is now (old,
 * oldlen bytes, or NULL: its unknown fields are kept), then the body.
 * other_exists: the other language has a file too (then its title and
 * summary stay out of this one).
 */
char *note_text(const struct node *nd, int lang, const char *old,
    size_t oldlen, int other_exists, size_t *len);

/* Words in a body the backend's way: body.split(/\s+/).length in
 * JavaScript (whitespace runs plus one, leading and trailing included). */
long word_count(const char *s, size_t len);
/* A frontmatter date or date-time ("2024-06-20", "2024-06-20 10:00",
 * "2024-06-20T10:00:00+02:00") as toISOString() gives it, in UTC with
 * milliseconds; NULL when it is not one (caller frees). */
char *iso_utc(const char *v);
/* The backend's generateSlug of a name: lower case, accents stripped,
 * runs of other characters to '-'; NULL when nothing valid is left. */
char *backend_slug(const char *s);
/* Now as ISO-8601 UTC with milliseconds, and as compact "20261126T150405Z". */
char *iso_now(void);
char *stamp_now(void);

/* DynamoDB attribute helpers. */
void ddb_put_s(struct cJSON *obj, const char *name, const char *v);
const char *ddb_get_s(const struct cJSON *item, const char *name);

#endif
