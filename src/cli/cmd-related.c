/*
 * cmd-related.c: `stratus related [--json] [--limit N] [--semantic] NOTE`:
 * the notes related to NOTE by links, tags and text, or by the cosine of
 * the backend's embeddings that a sync pulled into the index.
 */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"
#include "sync/map.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static cJSON *
strings_json(char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

static cJSON *
related_json(const struct related *r)
{
	cJSON *o = cJSON_CreateObject();
	char *why = related_reason(r);

	cJSON_AddStringToObject(o, "path", r->doc.path);
	cJSON_AddStringToObject(o, "slug", r->doc.slug);
	cJSON_AddStringToObject(o, "title", r->doc.title);
	cJSON_AddNumberToObject(o, "score", r->score);
	if (!r->semantic) {
		cJSON_AddNumberToObject(o, "links", r->links);
		cJSON_AddNumberToObject(o, "tags", r->tags);
		cJSON_AddNumberToObject(o, "text", r->text);
		cJSON_AddBoolToObject(o, "links_to", r->links_to);
		cJSON_AddBoolToObject(o, "links_here", r->links_here);
		cJSON_AddItemToObject(o, "shared_links",
		    strings_json(r->shared, r->nshared));
		cJSON_AddItemToObject(o, "shared_tags",
		    strings_json(r->shtags, r->nshtags));
		cJSON_AddItemToObject(o, "words",
		    strings_json(r->words, r->nwords));
	}
	cJSON_AddStringToObject(o, "reason", why);
	free(why);
	return o;
}

static void
related_print(const struct related *r, int ansi)
{
	char *why = related_reason(r);

	printf(ansi ? "\033[1m%s\033[0m" : "%s", safe_name(r->doc.title));
	printf(ansi ? "  \033[2m%s\033[0m" : "  (%s)", safe_name(r->doc.path));
	printf("  %.2f\n    %s\n", r->score, safe_name(why));
	free(why);
}

static int
semantic(struct cli *c, const struct doc *d, int limit, struct related **v,
    size_t *n, char **cause)
{
	char *slug;
	int rc;

	if (index_embed_count(c->ix) <= 0) {
		*cause = xstrdup("no embeddings: run `stratus sync` against a "
		    "backend that has them");
		return -1;
	}
	slug = backend_slug(d->slug);
	if (!slug) {
		*cause = xasprintf("%s has no cloud slug: it is not synced",
		    d->path);
		return -1;
	}
	rc = index_related_semantic(c->ix, d->key, slug, limit, v, n, cause);
	free(slug);
	return rc;
}

static int
related_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'n'},
		{"semantic", no_argument, NULL, 's'},
		{NULL, 0, NULL, 0},
	};
	struct related *v = NULL;
	struct doc d = {0};
	size_t n = 0, i;
	char *cause = NULL;
	long limit = 20;
	int ch, json = 0, sem = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "jn:s", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 's')
			sem = 1;
		else if (ch == 'n') {
			if (parse_int(optarg, 1, 1000, &limit) < 0)
				return cli_usage(&cmd_related,
				    "--limit takes a number from 1 to 1000");
		} else
			return cli_usage(&cmd_related, "bad option");
	}
	if (optind != argc - 1)
		return cli_usage(&cmd_related, "which note?");
	if ((rc = cli_index(c)) != 0)
		return rc;
	if ((rc = cli_note(c, argv[optind], &d)) != 0)
		return rc;
	rc = sem ? semantic(c, &d, (int)limit, &v, &n, &cause) :
	    index_related(c->ix, d.key, (int)limit, &v, &n, &cause);
	if (rc < 0) {
		errmsg("related: %s", cause);
		free(cause);
		doc_clear(&d);
		return sem && index_embed_count(c->ix) <= 0 ? EXIT_PROBLEMS :
		    EXIT_RUNTIME;
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, related_json(&v[i]));
		cli_print_json(arr);
	} else {
		int ansi = want_color(STDOUT_FILENO);

		for (i = 0; i < n; i++)
			related_print(&v[i], ansi);
		if (n == 0)
			fprintf(stderr, "stratus: nothing related to %s\n",
			    safe_name(d.path));
	}
	related_free(v, n);
	doc_clear(&d);
	return n ? EXIT_OK : EXIT_PROBLEMS;
}

const struct command cmd_related = {
	.name = "related",
	.usage = "related [--json] [--limit N] [--semantic] NOTE",
	.summary = "notes related by links, tags and text",
	.help =
	    "The notes most related to NOTE (its translations are the same\n"
	    "note, never related), best first, each with its score and why:\n"
	    "links both ways, shared links (notes linking to both, notes both\n"
	    "link to), shared tags (rare ones count more) and the note's most\n"
	    "distinctive words. stratus(1), RELATED NOTES, gives the scores.\n"
	    "Exit status 1 when nothing is related.\n\n"
	    "options:\n"
	    "  --json      an array of {path, slug, title, score, links, tags,\n"
	    "              text, links_to, links_here, shared_links,\n"
	    "              shared_tags, words, reason}\n"
	    "  --limit N   at most N notes (default 20)\n"
	    "  --semantic  rank by the cosine of the embeddings the backend\n"
	    "              made (EMBED items, pulled by `stratus sync`); notes\n"
	    "              without one score 0 and are not listed. Nothing\n"
	    "              leaves the machine.\n\n"
	    "examples:\n"
	    "  stratus related aws-lambda\n"
	    "  stratus related --semantic --limit 5 'Cold starts'\n",
	.exec = related_exec,
};
