/*
 * sync-pull.c: the local writes of the pull side: a pulled node written
 * into the vault, a base adopted, a conflict recorded with the cloud's
 * version beside the note, and files moved to .stratus/trash/.
 */
#include "sync/sync-int.h"
#include "core/frontmatter.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Is rel (vault-relative, built from checked parts) safe to write? Its
 * existing parent folders must resolve inside the vault. */
static int
path_safe(struct run *r, const char *rel)
{
	char *abs = run_abs_path(r, rel), *dir = path_dir(abs), *real;
	size_t vl = strlen(r->o->vault);
	int ok = 0;

	if (strstr(rel, "..") || rel[0] == '/') {
		free(abs);
		free(dir);
		return 0;
	}
	/* climb to the deepest folder that exists */
	while (*dir && !(real = path_real(dir))) {
		char *up = path_dir(dir);

		free(dir);
		dir = up;
	}
	if (*dir && real) {
		ok = strncmp(real, r->o->vault, vl) == 0 &&
		    (real[vl] == '/' || real[vl] == '\0');
		free(real);
	}
	free(abs);
	free(dir);
	return ok;
}

/*
 * Where a note file goes when its node's type changed from old_type to
 * new_type: from the old type's folder to the new one's beside it
 * ("x/concepts/a.md" to "x/notes/a.md"); NULL when it stays (same type,
 * or a folder of the user's own).
 */
static char *
moved_path(const char *path, const char *old_type, const char *new_type)
{
	char *dir, *of, *nf, *p = NULL;
	const char *last;

	if (!old_type || !new_type || strcmp(old_type, new_type) == 0)
		return NULL;
	dir = path_dir(path);
	of = type_folder(old_type);
	nf = type_folder(new_type);
	last = strrchr(dir, '/');
	last = last ? last + 1 : dir;
	if (strcmp(last, of) == 0 && strcmp(of, nf) != 0)
		p = xasprintf("%.*s%s/%s", (int)(last - dir), dir, nf,
		    path_base(path));
	free(dir);
	free(of);
	free(nf);
	return p;
}

/* path, or where a type change moves it. */
static char *
placed(const char *path, const struct plan_item *it, const struct node *nd)
{
	char *m = moved_path(path, it->base ? it->base->node_type : NULL,
	    nd->node_type);

	return m ? m : xstrdup(path);
}

/* The vault-relative path a pulled language file goes to. */
static char *
target_path(struct run *r, const struct plan_item *it, const struct node *nd,
    int lang)
{
	const struct local_note *ln = it->local;
	const struct sync_base *b = it->base;
	char *dir = NULL, *p;
	int l;

	if (ln && ln->path[lang])
		return placed(ln->path[lang], it, nd);
	if (b && b->path[lang] && !ln)
		return placed(b->path[lang], it, nd);
	for (l = 0; l < NLANGS && !dir; l++)
		if (ln && ln->path[l]) {
			p = placed(ln->path[l], it, nd);
			dir = path_dir(p);
			free(p);
		}
	if (!dir)
		dir = type_folder(nd->node_type);
	if (strcmp(lang_names[lang], r->lang) == 0)
		p = xasprintf("%s%s%s.md", dir, *dir ? "/" : "", nd->slug);
	else
		p = xasprintf("%s%s%s.%s.md", dir, *dir ? "/" : "", nd->slug,
		    lang_names[lang]);
	free(dir);
	return p;
}

/*
 * Where a write of vault file rel goes: the file, or, when it is a
 * symlink, the file it points to (a note kept elsewhere in the vault stays
 * a link). NULL when the link leads out of the vault (or nowhere).
 */
static char *
write_target(struct run *r, const char *rel)
{
	char *abs = run_abs_path(r, rel), *real;
	size_t vl = strlen(r->o->vault);
	struct stat st;

	if (lstat(abs, &st) < 0 || !S_ISLNK(st.st_mode))
		return abs;
	real = path_real(abs);
	free(abs);
	if (!real || strncmp(real, r->o->vault, vl) != 0 ||
	    real[vl] != '/') {
		free(real);
		return NULL;
	}
	return real;
}

/* The permission bits of vault file rel (through links), or -1. */
static int
file_mode(struct run *r, const char *rel)
{
	char *abs;
	struct stat st;
	int m = -1;

	if (!rel)
		return -1;
	abs = run_abs_path(r, rel);
	if (stat(abs, &st) == 0 && S_ISREG(st.st_mode))
		m = (int)(st.st_mode & 07777);
	free(abs);
	return m;
}

/*
 * Write text to vault file rel atomically, through a symlink inside the
 * vault, keeping the file's mode (or like's when it is new: a conflict
 * copy is as private as its note). 0, or -1 with cause.
 */
static int
pull_write(struct run *r, const char *rel, const char *like,
    const char *text, size_t len, char **cause)
{
	char *to = write_target(r, rel);
	int mode = file_mode(r, rel), rc;

	if (!to)
		return fail(cause, "%s is a link out of the vault: not written",
		    rel);
	if (mode < 0)
		mode = file_mode(r, like);
	rc = write_file_atomic_mode(to, text, len, mode, cause);
	free(to);
	return rc;
}

/* Move a vault file to .stratus/trash/STAMP/path (never unlinked). */
int
pull_trash(struct run *r, const char *rel, char **cause)
{
	char *from = run_abs_path(r, rel);
	char *to = xasprintf("%s/.stratus/trash/%s/%s", r->o->vault,
	    r->stamp, rel);
	char *dir = path_dir(to);
	int rc = 0;

	if (mkdir_p(dir, cause) < 0)
		rc = -1;
	else if (rename(from, to) < 0 && errno != ENOENT)
		rc = fail(cause, "%s: cannot move to the trash: %s", rel,
		    strerror(errno));
	free(from);
	free(to);
	free(dir);
	return rc;
}

static int
file_exists(struct run *r, const char *rel)
{
	char *abs = run_abs_path(r, rel);
	struct stat st;
	int e = lstat(abs, &st) == 0;

	free(abs);
	return e;
}

/* Edges both sides have: the base after adopting. */
static void
base_edges_common(struct sync_base *b, const struct local_note *ln,
    const struct node *nd)
{
	size_t i, j, cap = 0;

	for (i = 0; ln && i < ln->nedges; i++)
		for (j = 0; j < nd->nedges; j++)
			if (strcmp(ln->edges[i], nd->edges[j]) == 0) {
				b->edges = xgrow(b->edges, &cap, b->nedges + 1,
				    sizeof *b->edges);
				b->edges[b->nedges++] = xstrdup(ln->edges[i]);
			}
}

/* Does the body of note text (len bytes) read back as nd's body? */
static int
body_round_trips(const char *text, size_t len, const struct node *nd,
    int lang)
{
	size_t yo, yl, bo;

	return fm_locate(text, len, &yo, &yl, &bo) &&
	    len - bo == nd->body_len[lang] &&
	    memcmp(text + bo, nd->body[lang], nd->body_len[lang]) == 0;
}

/*
 * Write the pulled node of item k into the vault and record its base. A
 * changed type moves the files to the new type's folder first (a rename:
 * at no moment two files or none), then they are rewritten in place. A
 * note edited here since the plan was made is a conflict instead.
 */
int
pull_apply(struct run *r, size_t k, char **cause)
{
	struct plan_item *it = &r->items[k];
	struct node *nd = &r->fetched[k];
	struct local_note *ln = it->local;
	struct sync_base b;
	char *paths[NLANGS] = {NULL, NULL};
	int l, rc = 0;
	size_t i;

	memset(&b, 0, sizeof b);
	/* the bodies took seconds to come: an edit saved meanwhile is not
	 * written over */
	if (ln && !scan_unchanged(ln, r->o->vault))
		return pull_conflict(r, k, nd, "edited here during the sync",
		    cause);
	if (!nd->body[LANG_ES] && !nd->body[LANG_EN]) {
		/* a node with no body yet still becomes a note */
		nd->body[strcmp(r->lang, "es") == 0 ? LANG_ES : LANG_EN] =
		    xstrdup("");
	}
	for (l = 0; l < NLANGS; l++) {
		if (!nd->body[l])
			continue;
		paths[l] = target_path(r, it, nd, l);
		if (!path_safe(r, paths[l])) {
			warnmsg("node %s: %s is outside the vault: left alone",
			    nd->slug, paths[l]);
			goto skip;
		}
		{
			char *to = write_target(r, paths[l]);

			if (!to) {
				warnmsg("node %s: %s is a link out of the "
				    "vault: left alone", nd->slug, paths[l]);
				goto skip;
			}
			free(to);
		}
		if ((!ln || !ln->path[l] || strcmp(ln->path[l],
		    paths[l]) != 0) && file_exists(r, paths[l]) &&
		    !(it->base && it->base->path[l] &&
		    strcmp(it->base->path[l], paths[l]) == 0 && !ln)) {
			warnmsg("node %s: %s exists and is another note: "
			    "left alone (rename one of them)", nd->slug,
			    paths[l]);
			goto skip;
		}
	}
	/* its type changed: the files follow to the new type's folder */
	for (l = 0; l < NLANGS; l++) {
		char *from, *to, *dir;

		if (!paths[l] || !ln || !ln->path[l] ||
		    strcmp(ln->path[l], paths[l]) == 0)
			continue;
		from = run_abs_path(r, ln->path[l]);
		to = run_abs_path(r, paths[l]);
		dir = path_dir(to);
		if (mkdir_p(dir, cause) < 0)
			rc = -1;
		else if (rename(from, to) < 0)
			rc = fail(cause, "%s: cannot move to %s: %s",
			    ln->path[l], paths[l], strerror(errno));
		free(from);
		free(to);
		free(dir);
		if (rc < 0)
			goto fail;
	}
	b.slug = xstrdup(nd->slug);
	b.node_type = xstrdup(nd->node_type);
	b.remote_updated = xstrdup(nd->updated_at ? nd->updated_at :
	    it->remote->updated);
	for (l = 0; l < NLANGS; l++) {
		char *text, hex[65];
		const char *mine;
		size_t len, minelen;

		if (!nd->body[l]) {
			/* the cloud dropped this translation */
			if (ln && ln->path[l] && it->base &&
			    hash_is(ln->hash[l], it->base->hash[l]) &&
			    pull_trash(r, ln->path[l], cause) < 0)
				rc = -1;
			continue;
		}
		mine = local_data(ln, l, &minelen);
		text = note_text(nd, l, mine, minelen, nd->body[!l] != NULL,
		    &len);
		if (pull_write(r, paths[l], ln ? ln->path[!l] : NULL, text,
		    len, cause) < 0) {
			free(text);
			rc = -1;
			break;
		}
		sha256_hex(text, len, hex);
		b.hash[l] = xstrdup(hex);
		b.path[l] = xstrdup(paths[l]);
		/* the ETag saves the next download only if the file holds
		 * that body exactly */
		if (nd->etag[l] && body_round_trips(text, len, nd, l))
			b.etag[l] = xstrdup(nd->etag[l]);
		free(text);
	}
	if (rc == 0) {
		b.edges = xcalloc(nd->nedges + 1, sizeof *b.edges);
		for (i = 0; i < nd->nedges; i++)
			b.edges[i] = xstrdup(nd->edges[i]);
		b.nedges = nd->nedges;
		rc = state_put(r->st, &b, cause);
		r->res->pulled++;
		r->settled[k] = rc == 0;
	}
fail:
	base_clear(&b);
	for (l = 0; l < NLANGS; l++)
		free(paths[l]);
	return rc;
skip:
	for (l = 0; l < NLANGS; l++)
		free(paths[l]);
	return 0;
}

/* The base a local note and a node agree on (same content). */
int
pull_adopt(struct run *r, size_t k, const struct node *nd, char **cause)
{
	struct plan_item *it = &r->items[k];
	struct local_note *ln = it->local;
	struct sync_base b;
	char hex[2 * HASH_LEN + 1];
	int l, rc;

	memset(&b, 0, sizeof b);
	b.slug = xstrdup(ln->slug);
	b.node_type = xstrdup(nd->node_type);
	b.remote_updated = xstrdup(nd->updated_at ? nd->updated_at :
	    it->remote->updated);
	for (l = 0; l < NLANGS; l++) {
		run_set_str(&b.hash[l], hash_hex(ln->hash[l], hex));
		run_set_str(&b.path[l], ln->path[l]);
		run_set_str(&b.etag[l], nd->etag[l]);
	}
	base_edges_common(&b, ln, nd);
	/* the cloud's other edges are pulled into the note later */
	if (edges_differ(b.edges, b.nedges, nd->edges, nd->nedges, NULL, 0))
		r->rescan = 1;
	rc = state_put(r->st, &b, cause);
	base_clear(&b);
	r->res->adopted++;
	r->settled[k] = rc == 0;
	return rc;
}

static struct sync_conflict *
find_conflict(struct run *r, const char *slug)
{
	size_t i;

	for (i = 0; i < r->nconf; i++)
		if (strcmp(r->conf[i].slug, slug) == 0)
			return &r->conf[i];
	return NULL;
}

/* Move the files of a conflict that never completed to the trash. */
int
pull_trash_conflict_files(struct run *r, const struct sync_conflict *c,
    char **cause)
{
	int l;

	for (l = 0; l < NLANGS; l++)
		if (c->conflict_path[l] && file_exists(r, c->conflict_path[l]) &&
		    pull_trash(r, c->conflict_path[l], cause) < 0)
			return -1;
	return 0;
}

/* The name of the cloud's version of item k's file in lang. */
static char *
conflict_name(struct run *r, const struct plan_item *it,
    const struct node *nd, int l)
{
	const struct local_note *ln = it->local;
	char *dir, *rel;

	if (ln && ln->path[l])
		dir = path_dir(ln->path[l]);
	else if (ln && ln->path[!l])
		dir = path_dir(ln->path[!l]);
	else
		dir = type_folder(nd->node_type);
	if (strcmp(lang_names[l], r->lang) == 0)
		rel = xasprintf("%s%s%s.conflict-%s.md", dir, *dir ? "/" : "",
		    it->slug, r->stamp);
	else
		rel = xasprintf("%s%s%s.conflict-%s.%s.md", dir, *dir ? "/" : "",
		    it->slug, r->stamp, lang_names[l]);
	free(dir);
	return rel;
}

/*
 * Record a conflict, with the cloud's version beside the note. The record
 * (not yet complete) is written before the files and completed after:
 * a sync stopped in between leaves it, and the next run that meets the
 * same remote version writes the same files again instead of new ones.
 */
int
pull_conflict(struct run *r, size_t k, const struct node *nd,
    const char *reason, char **cause)
{
	struct plan_item *it = &r->items[k];
	struct local_note *ln = it->local;
	struct sync_conflict c, *old = find_conflict(r, it->slug);
	const char *ru = nd && nd->updated_at ? nd->updated_at : "";
	int l, rc = 0, reuse = 0;

	if (old && !old->complete) {
		r->conf_seen[old - r->conf] = 1;
		reuse = strcmp(old->remote_updated ? old->remote_updated : "",
		    ru) == 0;
		/* another remote version meanwhile: the old copy goes */
		if (!reuse && pull_trash_conflict_files(r, old, cause) < 0)
			return -1;
	}
	memset(&c, 0, sizeof c);
	c.slug = xstrdup(it->slug);
	c.reason = xstrdup(reason);
	c.remote_updated = xstrdup(ru);
	c.created = reuse && old->created ? xstrdup(old->created) : iso_now();
	for (l = 0; l < NLANGS; l++) {
		char *rel;

		if (ln && ln->path[l])
			c.path[l] = xstrdup(ln->path[l]);
		if (!nd || !nd->body[l])
			continue;
		rel = reuse && old->conflict_path[l] ?
		    xstrdup(old->conflict_path[l]) : conflict_name(r, it, nd, l);
		if (!path_safe(r, rel)) {
			free(rel);
			continue;
		}
		c.conflict_path[l] = rel;
	}
	rc = state_conflict_put(r->st, &c, cause);
	for (l = 0; l < NLANGS && rc == 0; l++) {
		char *text;
		const char *mine;
		size_t len, minelen;

		if (!c.conflict_path[l])
			continue;
		/* what a pull would write: over the note's own fields */
		mine = local_data(ln, l, &minelen);
		text = note_text(nd, l, mine, minelen, nd->body[!l] != NULL,
		    &len);
		if (pull_write(r, c.conflict_path[l], ln && ln->path[l] ?
		    ln->path[l] : (ln ? ln->path[!l] : NULL), text, len,
		    cause) < 0)
			rc = -1;
		free(text);
	}
	if (rc == 0) {
		c.complete = 1;
		rc = state_conflict_put(r->st, &c, cause);
	}
	/* the journal entry of a push that lost is void */
	if (rc == 0 && it->base && it->base->pending) {
		struct sync_base b;

		base_copy(&b, it->base);
		free(b.pending);
		b.pending = NULL;
		if (b.remote_updated)
			rc = state_put(r->st, &b, cause);
		else
			rc = state_delete(r->st, b.slug, cause);
		base_clear(&b);
	}
	for (l = 0; l < NLANGS; l++) {
		free(c.path[l]);
		free(c.conflict_path[l]);
	}
	free(c.slug);
	free(c.reason);
	free(c.remote_updated);
	free(c.created);
	r->res->conflicts++;
	r->settled[k] = rc == 0;
	fprintf(r->o->out, "conflict: %s: %s; the cloud's version is beside it "
	    "(stratus sync resolve %s --keep local|remote)\n",
	    safe_name(ln && (ln->path[0] || ln->path[1]) ? (ln->path[0] ?
	    ln->path[0] : ln->path[1]) : it->slug), safe_name(reason),
	    it->slug);
	return rc;
}
