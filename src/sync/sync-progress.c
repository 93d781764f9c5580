/*
 * sync-progress.c: the "pushing 120 of 340 notes" line: counting the notes
 * of a phase as its requests (or batch items) complete.
 */
#include "sync/sync-int.h"
#include "core/util.h"
#include "sync/aws.h"
#include "sync/map.h"

#include <stdio.h>
#include <string.h>

/* "stratus sync: pushing 120 of 340 notes (bodies)" on a terminal, at
 * most 20 times a second. */
void
progress_show(struct run *r)
{
	struct progress *p = &r->prog;
	double now = now_seconds();
	int w;

	if (!r->o->progress || p->total < 2 || (p->done < p->total &&
	    now - p->last < 0.05))
		return;
	p->last = now;
	w = fprintf(stderr, "\rstratus sync: %s %zu of %zu notes%s%s%s   ",
	    p->verb, p->done, p->total, p->what ? " (" : "",
	    p->what ? p->what : "", p->what ? ")" : "");
	fflush(stderr);
	if (w > p->width)
		p->width = w;
	p->shown = 1;
}

/* Start counting the notes of a phase (see struct progress). */
void
progress_begin(struct run *r, const char *verb, const char *what,
    const size_t *owner, size_t nowner, size_t per)
{
	struct progress *p = &r->prog;
	size_t i;

	p->verb = verb;
	p->what = what;
	p->owner = owner;
	p->nowner = nowner;
	p->per = per;
	p->total = p->done = 0;
	memset(p->left, 0, (r->nitems + 1) * sizeof *p->left);
	memset(p->counted, 0, r->nitems + 1);
	for (i = 0; i < nowner; i++)
		if (owner[i] < r->nitems && p->left[owner[i]]++ == 0)
			p->total++;
	p->active = 1;
	progress_show(r);
}

void
progress_end(struct run *r)
{
	r->prog.active = 0;
	r->prog.owner = NULL;
}

/* The item a batch write request (PutRequest/DeleteRequest) is for. */
size_t
progress_item_of_write(struct run *r, const cJSON *w)
{
	const cJSON *x = cJSON_GetObjectItem(w, "PutRequest");
	const char *pk, *sk, *slug = NULL;
	size_t lo = 0, hi = r->nitems;

	x = x ? cJSON_GetObjectItem(x, "Item") : cJSON_GetObjectItem(
	    cJSON_GetObjectItem(w, "DeleteRequest"), "Key");
	pk = ddb_get_s(x, "PK");
	sk = ddb_get_s(x, "SK");
	if (pk && str_starts(pk, "NODE#"))
		slug = pk + 5;
	else if (sk && str_starts(sk, "NODE#"))
		slug = sk + 5;
	while (slug && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(slug, r->items[mid].slug);

		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NO_ITEM;
}

void
progress_on_request(void *arg, size_t i, const struct aws_req *q)
{
	struct run *r = arg;
	struct progress *p = &r->prog;
	size_t j, lo, hi, k;

	if (!p->active)
		return;
	lo = i * p->per;
	hi = lo + p->per < p->nowner ? lo + p->per : p->nowner;
	for (j = lo; j < hi; j++)
		if (p->owner[j] < r->nitems)
			p->left[p->owner[j]]--;
	if (p->per > 1 && q->rc == AWS_OK) {
		/* a batch's unprocessed items are still to be written */
		cJSON *out = cJSON_ParseWithLength(buf_str(&q->resp),
		    q->resp.len), *e;

		cJSON_ArrayForEach(e, cJSON_GetObjectItem(cJSON_GetObjectItem(
		    out, "UnprocessedItems"), r->table)) {
			k = progress_item_of_write(r, e);
			if (k < r->nitems)
				p->left[k]++;
		}
		cJSON_Delete(out);
	}
	for (j = lo; j < hi; j++) {
		k = p->owner[j];
		if (k < r->nitems && p->left[k] <= 0 && !p->counted[k]) {
			p->counted[k] = 1;
			p->done++;
		}
	}
	progress_show(r);
}

/* Run a phase's requests, counting notes: request i is for item who[i]. */
void
progress_run_phase(struct run *r, const char *verb, const char *what,
    struct aws_req **q, const size_t *who, size_t nq)
{
	progress_begin(r, verb, what, who, nq, 1);
	aws_run(r->aws, q, nq);
	progress_end(r);
}
