/*
 * sync.c: the sync run: prepare (lock, scan the vault, list the cloud),
 * plan, then pull, push and delete (see sync.h), and the helpers every
 * part of it shares (sync-int.h). Ordering is what makes it safe to kill
 * at any moment:
 *   - a pulled note is written atomically, then its base is recorded;
 *   - a push records a journal entry (the updated_at it is about to write)
 *     before the conditional META write, then writes bodies and edges,
 *     then records the base; a later run that finds the journal's
 *     updated_at in the cloud knows the write was its own and completes it;
 *   - a conflict is recorded before its files are written and completed
 *     after, so a later run writes the same files again, never a second
 *     copy.
 * Edges changed in the cloud without a META change are found through the
 * cloud's cache version: when it moved since the last sync, the EDGE items
 * are listed (one Scan) and compared with the bases.
 */
#include "sync/sync-int.h"
#include "core/config.h"
#include "core/frontmatter.h"
#include "core/note.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/creds.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

char *
run_abs_path(struct run *r, const char *rel)
{
	return path_join(r->o->vault, rel);
}

cJSON *
run_key_request(struct run *r, const char *pk, const char *sk)
{
	cJSON *in = cJSON_CreateObject(), *key;

	cJSON_AddStringToObject(in, "TableName", r->table);
	key = cJSON_AddObjectToObject(in, "Key");
	ddb_put_s(key, "PK", pk);
	ddb_put_s(key, "SK", sk);
	return in;
}

void
run_reqs_free(struct aws_req **q, size_t nq, size_t *who)
{
	size_t i;

	for (i = 0; i < nq; i++)
		aws_req_free(q[i]);
	free(q);
	free(who);
}

void
run_set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = v ? xstrdup(v) : NULL;
}

int
run_has(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

const char *
run_note_name(const struct plan_item *it)
{
	const struct local_note *ln = it->local;
	const struct sync_base *b = it->base;
	int l;

	for (l = 0; l < NLANGS; l++)
		if (ln && ln->path[l] && (!b ||
		    !hash_is(ln->hash[l], b->hash[l])))
			return ln->path[l];
	for (l = 0; l < NLANGS; l++)
		if (ln && ln->path[l])
			return ln->path[l];
	for (l = 0; l < NLANGS; l++)
		if (b && b->path[l])
			return b->path[l];
	return it->slug;
}

static int
setup(struct run *r, int need_aws, char **cause)
{
	const struct config *c = r->o->cfg;
	const char *region = config_get(c, "remote", "region");
	const char *api = r->o->api;
	struct aws_opts ao = {0};
	const char *t;
	long v;

	memset(&ao, 0, sizeof ao);
	if (api && *api) {
		r->api = xstrdup(api);
		while (*r->api && r->api[strlen(r->api) - 1] == '/')
			r->api[strlen(r->api) - 1] = '\0';
		ao.bearer = getenv("STRATUS_API_TOKEN");
		if (ao.bearer && !*ao.bearer)
			ao.bearer = NULL;
	} else if (need_aws) {
		const char *table = config_get(c, "remote", "table");
		const char *bucket = config_get(c, "remote", "bucket");

		if (!table || !*table || !bucket || !*bucket)
			return fail(cause, "%s: no [remote] table and bucket "
			    "(see stratus-sync(7), or use --api URL to mirror "
			    "the public graph)", c && c->path ? c->path :
			    "the config file");
		if (strlen(table) < 3)
			return fail(cause, "[remote] table '%s' is too short "
			    "(3 characters at least)", table);
		r->table = xstrdup(table);
		if (creds_load(config_get(c, "remote", "profile"), &r->creds,
		    cause) < 0)
			return -1;
		ao.creds = r->creds;
		ao.bucket = bucket;
		ao.ddb_endpoint = config_get(c, "remote", "dynamodb_endpoint");
		ao.s3_endpoint = config_get(c, "remote", "s3_endpoint");
	} else {
		return 0;
	}
	ao.region = aws_region(region);
	t = getenv("STRATUS_SYNC_TIMEOUT");
	if (t && parse_int(t, 1, 3600, &v) == 0) {
		ao.timeout_ms = v * 1000;
		ao.max_seconds = (double)v * 3;
	}
	return aws_new(&ao, &r->aws, cause);
}

void
run_clear(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nitems && r->fetched; i++)
		node_clear(&r->fetched[i]);
	free(r->fetched);
	free(r->have);
	free(r->items);
	for (i = 0; i < r->nr; i++)
		remote_entry_clear(&r->remotes[i]);
	free(r->remotes);
	free(r->prog.left);
	free(r->prog.counted);
	free(r->settled);
	free(r->conf_seen);
	scan_cache_close(r->scache);
	free(r->cache_seen);
	free(r->cache_now);
	for (i = 0; i < r->nembeds; i++) {
		free(r->embeds[i]);
		free(r->embeds_at[i]);
	}
	free(r->embeds);
	free(r->embeds_at);
	for (i = 0; i < r->nkept; i++)
		bases_free(r->kept[i], 1);
	free(r->kept);
	conflicts_free(r->conf, r->nconf);
	for (i = 0; i < r->nblocked; i++)
		free(r->blocked[i]);
	free(r->blocked);
	scan_clear(&r->sc);
	strpool_free(&r->pool);
	aws_free(r->aws);
	creds_free(r->creds);
	state_close(r->st);
	if (r->lock_fd > 0)
		close(r->lock_fd);
	free(r->table);
	free(r->api);
	free(r->stamp);
}

/* The visibility a note's frontmatter gives, or NULL. */
static const char *
note_visibility(const struct local_note *ln)
{
	int l;

	for (l = 0; ln && l < NLANGS; l++)
		if (ln->vis[l])
			return ln->vis[l];
	return NULL;
}

static void
print_plan(struct run *r, FILE *f)
{
	long n[SA_FORGET + 1] = {0};
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		const struct plan_item *it = &r->items[i];

		n[it->act]++;
		if (it->act == SA_FORGET)
			continue;
		fprintf(f, "%-28s %s%s%s%s", sync_action_name(it->act),
		    safe_name(run_note_name(it)), it->reason ? " (" : "",
		    it->reason ? safe_name(it->reason) : "",
		    it->reason ? ")" : "");
		if (it->act == SA_PUSH_NEW && !note_visibility(it->local))
			fprintf(f, " (visibility %s: [remote] "
			    "default_visibility)", r->default_vis);
		fputc('\n', f);
	}
	fprintf(f, "plan: %ld to push, %ld to pull, %ld to delete in the "
	    "cloud, %ld to the trash, %ld to compare, %ld conflicts, "
	    "%ld deletes held\n",
	    n[SA_PUSH] + n[SA_PUSH_NEW], n[SA_PULL] + n[SA_PULL_NEW],
	    n[SA_DELETE_REMOTE], n[SA_TRASH_LOCAL], n[SA_ADOPT],
	    n[SA_CONFLICT] + n[SA_BLOCKED], n[SA_HELD_DELETE]);
}

/* [remote] primary_lang, default_visibility and wikilinks, checked. */
static int
read_remote_options(struct run *r, char **cause)
{
	const struct config *c = r->o->cfg;
	const char *v;

	v = config_get(c, "remote", "primary_lang");
	r->primary = lang_slot(v && *v ? v : "es");
	if (r->primary < 0)
		return fail(cause, "[remote] primary_lang '%s' is not es or en",
		    v);
	v = config_get(c, "remote", "default_visibility");
	r->default_vis = v && *v ? v : "private";
	if (strcmp(r->default_vis, "private") != 0 &&
	    strcmp(r->default_vis, "public") != 0)
		return fail(cause, "[remote] default_visibility '%s' is not "
		    "private or public", v);
	v = config_get(c, "remote", "wikilinks");
	if (v && *v && strcmp(v, "keep") != 0 && strcmp(v, "markdown") != 0)
		return fail(cause, "[remote] wikilinks '%s' is not keep or "
		    "markdown", v);
	r->wiki_md = v && strcmp(v, "markdown") == 0;
	v = getenv("STRATUS_API_TOKEN");
	r->token = v && *v;
	return 0;
}

int
run_prepare(struct run *r, const struct sync_opts *o, int online, char **cause)
{
	size_t i;

	r->o = o;
	r->lang = o->default_lang && lang_slot(o->default_lang) >= 0 ?
	    o->default_lang : "en";
	if (read_remote_options(r, cause) < 0)
		return -1;
	r->stamp = stamp_now();
	if (state_open(o->vault, online && !o->dry_run, &r->st, cause) < 0)
		return -1;
	/* one sync at a time per vault (released by the system even when
	 * a sync is killed) */
	if (!state_is_memory(r->st)) {
		char *lock = xasprintf("%s/.stratus/sync.lock", o->vault);

		r->lock_fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		if (r->lock_fd < 0 || flock(r->lock_fd, LOCK_EX | LOCK_NB) < 0) {
			fail(cause, "%s: another stratus sync is running on "
			    "this vault", lock);
			free(lock);
			return -1;
		}
		free(lock);
	}
	if (state_conflicts(r->st, &r->conf, &r->nconf, cause) < 0)
		return -1;
	{
		char **known, *conf = scan_cache_conf(r->lang, r->primary);
		size_t nknown;
		int src;

		/* files unchanged since the last scan are not read, where
		 * their times can say so: on a local file system whose times
		 * move by less than the settling second (scan-reuse.c) */
		if (fs_kind(o->vault) == 0)
			r->scache = scan_cache_open(o->vault, NULL, conf);
		free(conf);
		/* the bases are read by run_plan, a chunk at a time: a
		 * sync of 100,000 notes holds its scan, not every base */
		if (state_slugs(r->st, &r->pool, &known, &nknown, cause) < 0)
			return -1;
		scan_show_progress(o->progress);
		src = scan_vault(o->vault, r->lang, r->primary, known, nknown,
		    r->scache, &r->pool, &r->sc, cause);
		free(known);
		if (src < 0)
			return -1;
	}
	r->conf_seen = xcalloc(r->nconf + 1, 1);
	if (online && setup(r, 1, cause) < 0)
		return -1;
	if (r->aws)
		aws_set_progress(r->aws, progress_on_request, r);
	if (online && !r->api) {
		r->cache_seen = state_get(r->st, "cache_version");
		if (cache_read_version(r, cause) < 0)
			return -1;
	}
	if (online && (r->api ? list_api(r, cause) : list_ddb(r, cause)) < 0)
		return -1;
	remote_entries_sort(r->remotes, r->nr);
	/* every pull lists the edges: the backend's connect tool writes
	 * them bumping neither updated_at nor the cache version (one Scan
	 * request per MB of table) */
	if (online && !r->api && o->pull && r->nr > 0 &&
	    list_edges(r, cause) < 0)
		return -1;
	for (i = 0; i < r->sc.nblocked; i++) {
		r->blocked = xgrow(r->blocked, &r->bcap, r->nblocked + 1,
		    sizeof *r->blocked);
		r->blocked[r->nblocked++] = xstrdup(r->sc.blocked[i]);
	}
	for (i = 0; i < r->nconf; i++) {
		if (!r->conf[i].complete)
			continue;	/* not open yet: met again below */
		r->blocked = xgrow(r->blocked, &r->bcap, r->nblocked + 1,
		    sizeof *r->blocked);
		r->blocked[r->nblocked++] = xstrdup(r->conf[i].slug);
	}
	if (r->nblocked)
		qsort(r->blocked, r->nblocked, sizeof *r->blocked,
		    cmp_strp);	/* (as plan_build looks for them) */
	return 0;
}

/* A base an item needs, its strings in the run's pool, kept to the end
 * of the run (a plan_keep_fn). */
static const struct sync_base *
keep_base(void *arg, const struct sync_base *b)
{
	struct run *r = arg;
	struct sync_base *k = xmalloc(sizeof *k);

	base_copy_in(k, b, &r->pool);
	r->kept = xgrow(r->kept, &r->keptcap, r->nkept + 1, sizeof *r->kept);
	r->kept[r->nkept++] = k;
	return k;
}

/* 4,096 bases at a time, some 1.3 MB */
#define PLAN_CHUNK 4096

/* PLAN_CHUNK, or STRATUS_TEST_PLAN_CHUNK: the tests plan their few notes
 * in several chunks. */
static size_t
plan_chunk(void)
{
	return (size_t)env_int("STRATUS_TEST_PLAN_CHUNK", 1, PLAN_CHUNK,
	    PLAN_CHUNK);
}

int
run_plan(struct run *r, const struct plan_opts *po, char **cause)
{
	struct planner p;
	char *after = NULL;
	size_t nb, chunk_max = plan_chunk();
	int rc = 0;

	plan_begin(&p, r->sc.notes, r->sc.n, r->remotes, r->nr, r->blocked,
	    r->nblocked, po);
	do {
		struct strpool chunk = {0};
		const struct sync_base *b;

		if (state_bases(r->st, &chunk, after, chunk_max, &b, &nb,
		    cause) < 0) {
			strpool_free(&chunk);
			rc = -1;
			break;
		}
		plan_bases(&p, b, nb, keep_base, r);
		r->nb += nb;
		free(after);
		after = nb ? xstrdup(b[nb - 1].slug) : NULL;
		bases_free(b, nb);
		strpool_free(&chunk);
	} while (nb == chunk_max);
	free(after);
	if (rc < 0) {	/* (no plan from part of the bases) */
		plan_drop(&p);
		return -1;
	}
	plan_end(&p, &r->items, &r->nitems);
	return 0;
}

/* The state key that says a token run of the mirror saw a node. */
static char *
token_key(const char *slug)
{
	return xasprintf("api-token-seen:%s", slug);
}

/* A token run of the mirror: record the nodes it saw, which an anonymous
 * run may not see (private) and so must not take for deleted. */
static int
api_record_token_seen(struct run *r, char **cause)
{
	size_t i;

	if (state_begin(r->st, cause) < 0)
		return -1;
	for (i = 0; i < r->nr; i++) {
		char *k = token_key(r->remotes[i].slug);
		int rc = state_set(r->st, k, "1", cause);

		free(k);
		if (rc < 0) {
			state_rollback(r->st);
			return -1;
		}
	}
	return state_commit(r->st, cause);
}

/* Did a token run see this node (so that it may be private)? */
static int
api_token_seen(struct run *r, const char *slug)
{
	char *k = token_key(slug), *v = state_get(r->st, k);
	int seen = v != NULL;

	free(k);
	free(v);
	return seen;
}

/* Every node the read API was asked for refused (an answer in another
 * shape than the API's): an error, not "pulled 0". 0, or -1 with cause. */
static int
api_all_refused(struct run *r, const int *want, char **cause)
{
	size_t i, asked = 0, refused = 0;
	const char *first = NULL;

	for (i = 0; i < r->nitems; i++) {
		if (!want[i] || r->have[i] == -2 || r->have[i] == 0)
			continue;
		asked++;
		if (r->have[i] == -1) {
			refused++;
			if (!first)
				first = r->items[i].slug;
		}
	}
	/* one hostile node among nodes in step is only warned about */
	if (asked == 0 || refused < asked || (r->nb > 0 && refused < 2))
		return 0;
	return fail(cause, "%s: all %zu nodes the read API answered were "
	    "refused (the first: %s); is it the backend's read API (see "
	    "READ-ONLY MIRROR in stratus-sync(7))?", r->api, refused, first);
}

/* A private note the read API cannot show without a token. */
static int
hidden_private(struct run *r, const struct local_note *ln)
{
	const char *tok = getenv("STRATUS_API_TOKEN");
	int l;

	if (tok && *tok)
		return 0;
	for (l = 0; ln && l < NLANGS; l++)
		if (ln->vis[l] && strcmp(ln->vis[l], "private") == 0)
			return 1;
	return 0;
}

int
run_load(struct run *r, struct plan_item *it)
{
	char *why = NULL;
	int l;

	if (!it->local || scan_load(it->local, r->o->vault, &why) == 0)
		return 0;
	warnmsg("%s (not synced this time)", why);
	free(why);
	/* a row of the scan's cache may be what was wrong: the next scan
	 * reads the files */
	for (l = 0; l < NLANGS && r->scache; l++)
		if (it->local->path[l])
			scan_cache_forget(r->scache, it->local->path[l]);
	local_note_unload(it->local);
	return -1;
}

/*
 * Read again the notes the plan acts on (the scan keeps only their
 * hashes): a note whose file changed since the scan, or cannot be read
 * now, is left alone this run, said, and synced by the next one. The
 * pushes are read as they are sent, a batch at a time (push_run).
 */
static void
load_items(struct run *r)
{
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		struct plan_item *it = &r->items[i];

		if (!it->local || it->act == SA_NONE ||
		    it->act == SA_BLOCKED || it->act == SA_FORGET ||
		    it->act == SA_HELD_DELETE || it->act == SA_PUSH ||
		    it->act == SA_PUSH_NEW || run_load(r, it) == 0)
			continue;
		scan_block(&r->sc, it->slug);
		it->act = SA_BLOCKED;
		it->reason = "its file changed during the sync";
	}
}

/*
 * The items whose nodes must be fetched, flagged in want[] (allocated
 * here, the caller frees it); *need_bodies: some are, *need_writes: the
 * plan writes to the cloud.
 */
static int *
plan_wants(struct run *r, int *need_bodies, int *need_writes)
{
	int *want = xcalloc(r->nitems + 1, sizeof *want);
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		enum sync_action a = r->items[i].act;

		if (a == SA_BLOCKED && r->items[i].base &&
		    !r->items[i].local && !r->items[i].remote)
			continue;
		if (a == SA_PULL || a == SA_PULL_NEW || a == SA_ADOPT ||
		    (a == SA_CONFLICT && r->items[i].remote) ||
		    (a == SA_TRASH_LOCAL && r->api))
			want[i] = *need_bodies = 1;
		if (a == SA_PUSH || a == SA_PUSH_NEW ||
		    a == SA_DELETE_REMOTE)
			*need_writes = 1;
	}
	return want;
}

/* Check the bucket (and so the credentials) before any change, saying
 * what to do about a missing bucket, a bucket in another region and
 * missing permissions. 0, or -1 with cause. */
static int
check_bucket(struct run *r, char **cause)
{
	const char *bucket = config_get(r->o->cfg, "remote", "bucket");
	const char *region = aws_region(config_get(r->o->cfg, "remote",
	    "region"));
	struct aws_req *q = s3_prepare_bucket(r->aws);
	int rc = 0;

	aws_run(r->aws, &q, 1);
	if (q->rc == AWS_OK)
		goto fail;
	if (q->bucket_region && strcmp(q->bucket_region, region) != 0)
		rc = fail(cause, "bucket %s is in region %s, not %s: set "
		    "[remote] region = %s (S3 answered %ld)", bucket,
		    q->bucket_region, region, q->bucket_region, q->status);
	else if (q->status == 404)
		rc = fail(cause, "bucket %s does not exist in %s (S3 answered "
		    "404): create it, or set [remote] bucket to the backend's "
		    "bucket", bucket, region);
	else if (q->status == 301)
		rc = fail(cause, "bucket %s is in another region than %s (S3 "
		    "answered 301): set [remote] region to the bucket's",
		    bucket, region);
	else if (q->status == 403)
		rc = fail(cause, "%s; the credentials need s3:ListBucket on "
		    "bucket %s, and the other actions listed under "
		    "PERMISSIONS in stratus-sync(7)", q->cause, bucket);
	else
		rc = fail(cause, "%s", q->cause);
fail:
	aws_req_free(q);
	return rc;
}

/* Adopt the fetched node of item k when the note says the same, else
 * record a conflict for reason. */
static int
adopt_or_conflict(struct run *r, size_t k, const char *reason, char **cause)
{
	struct plan_item *it = &r->items[k];
	struct node mine;
	int rc;

	node_from_local(it->local, &mine);
	if (node_same(&mine, &r->fetched[k]))
		rc = pull_adopt(r, k, &r->fetched[k], cause);
	else
		rc = pull_conflict(r, k, &r->fetched[k], reason, cause);
	node_clear(&mine);
	return rc;
}

/*
 * The pull side of item i: its note written, adopted, put in conflict,
 * trashed or forgotten as planned, then its base; push: the push half
 * runs (a delete in flight is finished here). 0, or -1 with cause.
 */
static int
pull_item(struct run *r, size_t i, const int *want, int push, char **cause)
{
	struct plan_item *it = &r->items[i];
	int k = 0;

	if (it->act == SA_TRASH_LOCAL && r->api && (r->have[i] != -2 ||
	    hidden_private(r, it->local) ||
	    (!r->token && api_token_seen(r, it->slug))))
		return 0;	/* not gone: absent from the graph, or
				 * private and asked for without a token */
	if (want[i] && r->have[i] <= 0 && it->act != SA_TRASH_LOCAL)
		return 0;
	switch (it->act) {
	case SA_PULL:
	case SA_PULL_NEW:
		k = pull_apply(r, i, cause);
		break;
	case SA_ADOPT:
		k = adopt_or_conflict(r, i, "on both sides with different "
		    "content, never synced", cause);
		break;
	case SA_CONFLICT:
		if (it->remote)
			k = adopt_or_conflict(r, i, it->reason, cause);
		else
			k = pull_conflict(r, i, NULL, it->reason, cause);
		break;
	case SA_TRASH_LOCAL: {
		int l;

		for (l = 0; l < NLANGS && k == 0; l++)
			if (it->local->path[l])
				k = pull_trash(r, it->local->path[l],
				    cause);
		if (k == 0)
			k = state_delete(r->st, it->slug, cause);
		if (k == 0)
			r->res->trashed++;
		break;
	}
	case SA_FORGET:
		if (push && it->base &&
		    pending_has(it->base->pending, DELETE_MARK))
			k = delete_finish(r, it->slug,
			    it->base->node_type, cause);
		else if (it->base &&
		    pending_has(it->base->pending, DELETE_MARK))
			k = 0;	/* finished by a sync that pushes */
		else
			k = state_delete(r->st, it->slug, cause);
		break;
	case SA_HELD_DELETE:
		r->res->held++;
		break;
	default:
		break;
	}
	return k;
}

/* Conflicts a stopped sync began and that this one did not meet again:
 * their files (if any) are no one's. 0, or -1 with cause. */
static int
drop_stale_conflicts(struct run *r, char **cause)
{
	size_t i;

	for (i = 0; i < r->nconf; i++)
		if (!r->conf[i].complete && !r->conf_seen[i] &&
		    (pull_trash_conflict_files(r, &r->conf[i], cause) < 0 ||
		    state_conflict_delete(r->st, r->conf[i].slug, cause) < 0))
			return -1;
	return 0;
}

/* Record the time and the summary of this sync in sync.db. */
static int
record_summary(struct run *r, char **cause)
{
	const struct sync_result *res = r->res;
	char *now = iso_now(), *sum;
	int rc = 0;

	sum = xasprintf("pushed %ld, pulled %ld, deleted %ld, "
	    "trashed %ld, conflicts %ld", res->pushed, res->pulled,
	    res->deleted, res->trashed, res->conflicts);
	if (state_set(r->st, "last_sync", now, cause) < 0 ||
	    state_set(r->st, "last_summary", sum, cause) < 0)
		rc = -1;
	free(now);
	free(sum);
	return rc;
}

int
sync_run(const struct sync_opts *o, struct sync_result *res, char **cause)
{
	struct run r;
	struct plan_opts po;
	int *want = NULL, rc = -1, need_bodies = 0, need_writes = 0;
	double t0 = now_seconds();
	size_t i;

	memset(&r, 0, sizeof r);
	memset(res, 0, sizeof *res);
	r.res = res;
	if (run_prepare(&r, o, 1, cause) < 0)
		goto fail;
	memset(&po, 0, sizeof po);
	po.push = o->push && !r.api;
	po.pull = o->pull;
	po.allow_delete = o->allow_delete;
	po.visible_edges = r.api != NULL;
	if (run_plan(&r, &po, cause) < 0)
		goto fail;
	r.prog.left = xcalloc(r.nitems + 1, sizeof *r.prog.left);
	r.prog.counted = xcalloc(r.nitems + 1, 1);
	r.settled = xcalloc(r.nitems + 1, 1);
	/* a node missing from the read API's graph may be private: it is
	 * gone only if the API says so */
	r.fetched = xcalloc(r.nitems + 1, sizeof *r.fetched);
	r.have = xcalloc(r.nitems + 1, sizeof *r.have);
	if (!o->dry_run)
		load_items(&r);
	want = plan_wants(&r, &need_bodies, &need_writes);
	/* the bucket (and so the credentials and the region) first */
	if (!r.api && (need_bodies || need_writes || o->dry_run) &&
	    check_bucket(&r, cause) < 0)
		goto fail;
	if (o->dry_run) {
		print_plan(&r, o->out);
		for (i = 0; i < r.nitems; i++)
			if (r.items[i].act == SA_CONFLICT ||
			    r.items[i].act == SA_BLOCKED)
				res->conflicts++;
		rc = 0;
		goto fail;
	}
	if (need_bodies && fetch_nodes(&r, want, cause) < 0)
		goto fail;
	if (r.api && api_all_refused(&r, want, cause) < 0)
		goto fail;
	/* the pull side: notes written, then their bases */
	for (i = 0; i < r.nitems; i++)
		if (pull_item(&r, i, want, po.push, cause) < 0)
			goto fail;
	if (po.push && push_run(&r, cause) < 0)
		goto fail;
	if (po.push && delete_run(&r, cause) < 0)
		goto fail;
	if (drop_stale_conflicts(&r, cause) < 0)
		goto fail;
	/* links changed in the cloud but not brought here: look again */
	for (i = 0; i < r.nitems; i++)
		if (r.items[i].remote_links && !r.settled[i])
			r.rescan = 1;
	if (!r.api && cache_record_version(&r, cause) < 0)
		goto fail;
	if (r.api && r.token && api_record_token_seen(&r, cause) < 0)
		goto fail;
	if (record_summary(&r, cause) < 0)
		goto fail;
	/* the vectors are the index's (a cache): a failure says so and the
	 * sync, done, stands */
	if (r.embeds_known) {
		char *why = NULL;

		if (embed_pull(&r, &why) < 0) {
			warnmsg("embeddings not pulled: %s", why);
			free(why);
		}
	}
	for (i = 0; i < r.nitems; i++)
		if (r.items[i].act == SA_BLOCKED && !run_has(r.sc.blocked,
		    r.sc.nblocked, r.items[i].slug))
			res->conflicts++;
	rc = 0;
fail:
	if (r.aws) {
		res->requests = aws_stats(r.aws)->requests;
		res->retries = aws_stats(r.aws)->retries;
	}
	res->seconds = now_seconds() - t0;
	if (r.prog.shown)
		fprintf(stderr, "\r%*s\r", r.prog.width, "");
	free(want);
	run_clear(&r);
	return rc;
}
