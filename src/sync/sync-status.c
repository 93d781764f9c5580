/*
 * sync-status.c: the offline commands over sync.db: `stratus sync status`
 * and `stratus sync resolve`.
 */
#include "sync/sync-int.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
sync_status(const struct sync_opts *o, long *nconflicts, char **cause)
{
	struct run r;
	struct sync_result res;
	/* with no listing, the plan shows the local side alone */
	struct plan_opts po = {.push = 1, .pull = 1, .offline = 1};
	char *last, *sum;
	long changes = 0, open = 0;
	size_t i;
	int l;

	memset(&r, 0, sizeof r);
	memset(&res, 0, sizeof res);
	r.res = &res;
	if (run_prepare(&r, o, 0, cause) < 0) {
		run_clear(&r);
		return -1;
	}
	po.allow_delete = o->allow_delete;
	if (run_plan(&r, &po, cause) < 0) {
		run_clear(&r);
		return -1;
	}
	last = state_get(r.st, "last_sync");
	sum = state_get(r.st, "last_summary");
	fprintf(o->out, "last sync: %s%s%s%s\n", last ? last : "never",
	    sum ? " (" : "", sum ? sum : "", sum ? ")" : "");
	free(last);
	free(sum);
	for (i = 0; i < r.nitems; i++) {
		const struct plan_item *it = &r.items[i];
		const char *what;

		switch (it->act) {
		case SA_PUSH_NEW:
			what = "new";
			break;
		case SA_PUSH:
			what = it->files_changed ? "edited" : "links changed";
			break;
		case SA_HELD_DELETE:
		case SA_DELETE_REMOTE:
			what = "deleted";
			break;
		default:
			continue;
		}
		if (changes++ == 0)
			fprintf(o->out, "pending local changes:\n");
		fprintf(o->out, "  %-14s %s\n", what,
		    safe_name(run_note_name(it)));
	}
	if (changes == 0)
		fprintf(o->out, "pending local changes: none\n");
	for (i = 0; i < r.nconf; i++)
		open += r.conf[i].complete != 0;
	if (open == 0)
		fprintf(o->out, "open conflicts: none\n");
	else
		fprintf(o->out, "open conflicts:\n");
	for (i = 0; i < r.nconf; i++) {
		const struct sync_conflict *c = &r.conf[i];

		if (!c->complete)
			continue;
		fprintf(o->out, "  %s: %s (since %s)\n", safe_name(c->slug),
		    safe_name(c->reason), safe_name(c->created));
		for (l = 0; l < NLANGS; l++)
			if (c->conflict_path[l])
				fprintf(o->out, "    cloud's version: %s\n",
				    safe_name(c->conflict_path[l]));
	}
	*nconflicts = open;
	run_clear(&r);
	return 0;
}

int
sync_resolve(const struct sync_opts *o, const char *note, int keep_remote,
    char **cause)
{
	struct run r;
	struct sync_result res;
	struct sync_conflict *c = NULL;
	struct sync_base b;
	size_t i;
	int l, rc = -1, have_base = 0;

	memset(&r, 0, sizeof r);
	memset(&res, 0, sizeof res);
	memset(&b, 0, sizeof b);
	r.res = &res;
	if (run_prepare(&r, o, 0, cause) < 0)
		goto out;
	for (i = 0; i < r.nconf && !c; i++) {
		if (!r.conf[i].complete)
			continue;
		if (strcmp(r.conf[i].slug, note) == 0)
			c = &r.conf[i];
		for (l = 0; l < NLANGS && !c; l++)
			if ((r.conf[i].path[l] && strcmp(r.conf[i].path[l],
			    note) == 0) || (r.conf[i].conflict_path[l] &&
			    strcmp(r.conf[i].conflict_path[l], note) == 0))
				c = &r.conf[i];
	}
	if (!c) {
		fail(cause, "%s: no open conflict (stratus sync status lists "
		    "them)", note);
		goto out;
	}
	{
		struct strpool p = {0};
		const struct sync_base *got;

		have_base = state_base(r.st, &p, c->slug, &got, cause);
		if (have_base > 0)
			base_copy(&b, got);
		bases_free(got, have_base > 0);
		strpool_free(&p);
		if (have_base < 0)
			goto out;
	}
	if (!have_base) {
		b.slug = xstrdup(c->slug);
		b.node_type = xstrdup("concept");
	}
	free(b.pending);
	b.pending = NULL;
	/* the files change: no ETag is known to match them any more */
	for (l = 0; l < NLANGS; l++)
		run_set_str(&b.etag[l], NULL);
	if (state_begin(r.st, cause) < 0)
		goto out;
	if (keep_remote) {
		/* the cloud's version replaces the note; the note goes to
		 * the trash */
		for (l = 0; l < NLANGS; l++) {
			char *from, *to, *data = NULL, hex[65];
			size_t len;

			if (c->path[l] && pull_trash(&r, c->path[l], cause) < 0)
				goto fail;
			run_set_str(&b.hash[l], NULL);
			run_set_str(&b.path[l], NULL);
			if (!c->conflict_path[l])
				continue;
			to = c->path[l] ? xstrdup(c->path[l]) : NULL;
			if (!to) {
				/* the note had no file in this language */
				char *dir = path_dir(c->conflict_path[l]);

				to = strcmp(lang_names[l], r.lang) == 0 ?
				    xasprintf("%s%s%s.md", dir, *dir ? "/" : "",
				    c->slug) : xasprintf("%s%s%s.%s.md", dir,
				    *dir ? "/" : "", c->slug, lang_names[l]);
				free(dir);
			}
			from = run_abs_path(&r, c->conflict_path[l]);
			if (read_file(from, NODE_BODY_MAX * 2, &data, &len,
			    cause) < 0) {
				free(from);
				free(to);
				goto fail;
			}
			free(from);
			from = run_abs_path(&r, to);
			if (write_file_atomic(from, data, len, cause) < 0) {
				free(from);
				free(to);
				free(data);
				goto fail;
			}
			sha256_hex(data, len, hex);
			run_set_str(&b.hash[l], hex);
			run_set_str(&b.path[l], to);
			free(from);
			free(to);
			free(data);
			if (pull_trash(&r, c->conflict_path[l], cause) < 0)
				goto fail;
		}
		if (!*c->remote_updated) {
			/* the cloud deleted it: the note stays in the trash */
			if (state_delete(r.st, c->slug, cause) < 0)
				goto fail;
		} else {
			run_set_str(&b.remote_updated, c->remote_updated);
			/* edges: those the note now lists */
			if (state_put(r.st, &b, cause) < 0)
				goto fail;
		}
	} else {
		/* the note wins: the next sync pushes it over the cloud's
		 * version it has now seen */
		for (l = 0; l < NLANGS; l++)
			if (c->conflict_path[l] && pull_trash(&r,
			    c->conflict_path[l], cause) < 0)
				goto fail;
		if (!*c->remote_updated) {
			if (state_delete(r.st, c->slug, cause) < 0)
				goto fail;
		} else {
			run_set_str(&b.remote_updated, c->remote_updated);
			for (l = 0; l < NLANGS; l++)
				run_set_str(&b.hash[l], NULL);
			if (state_put(r.st, &b, cause) < 0)
				goto fail;
		}
	}
	if (state_conflict_delete(r.st, c->slug, cause) < 0)
		goto fail;
	if (state_commit(r.st, cause) < 0)
		goto out;
	fprintf(o->out, "%s: resolved, keeping the %s version%s\n", c->slug,
	    keep_remote ? "cloud's" : "local",
	    keep_remote ? "" : " (pushed by the next stratus sync)");
	rc = 0;
	goto out;
fail:
	state_rollback(r.st);
out:
	base_clear(&b);
	run_clear(&r);
	return rc;
}
