/* cmd-search.c: `stratus search [--json] [--limit N] QUERY`. */
#include "cli/cli.h"
#include "core/buf.h"
#include "core/sanitize.h"
#include "core/query.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Matches become **word** in text and JSON, bold on a colour terminal.
 * The text between is sanitised (line breaks become spaces: a result is
 * one line; controls and bidi overrides are shown). */
static char *
snippet_text(const char *s, int ansi)
{
	struct buf b = BUF_INIT;
	size_t n;

	while (s && *s) {
		n = strcspn(s, (const char[]){SNIP_OPEN, SNIP_CLOSE, '\0'});
		text_sanitize_buf(&b, s, n);
		s += n;
		if (*s == SNIP_OPEN)
			buf_adds(&b, ansi ? "\033[1;4m" : "**");
		else if (*s == SNIP_CLOSE)
			buf_adds(&b, ansi ? "\033[22;24m" : "**");
		if (*s)
			s++;
	}
	buf_addc(&b, '\0');
	b.len--;
	return buf_take(&b);
}

static cJSON *
hit_json(const struct hit *h)
{
	cJSON *o = cJSON_CreateObject(), *tags = cJSON_CreateArray();
	char *snip = snippet_text(h->snippet, 0);
	size_t i;

	cJSON_AddStringToObject(o, "path", h->doc.path);
	cJSON_AddStringToObject(o, "slug", h->doc.slug);
	cJSON_AddStringToObject(o, "title", h->doc.title);
	cJSON_AddStringToObject(o, "lang", h->doc.lang);
	cJSON_AddStringToObject(o, "type", h->doc.type ? h->doc.type : "");
	cJSON_AddNumberToObject(o, "score", h->score);
	cJSON_AddStringToObject(o, "snippet", snip);
	for (i = 0; i < h->doc.ntags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(h->doc.tags[i]));
	cJSON_AddItemToObject(o, "tags", tags);
	free(snip);
	return o;
}

static void
hit_print(const struct hit *h, int ansi)
{
	char *snip = snippet_text(h->snippet, ansi);
	size_t i;

	printf(ansi ? "\033[1m%s\033[0m" : "%s", safe_name(h->doc.title));
	printf(ansi ? "  \033[2m%s\033[0m" : "  (%s)",
	    safe_name(h->doc.path));
	if (h->doc.type && *h->doc.type)
		printf(" %s", safe_name(h->doc.type));
	if (strcmp(h->doc.lang, "en") != 0)
		printf(" [%s]", safe_name(h->doc.lang));
	for (i = 0; i < h->doc.ntags; i++)
		printf(" #%s", safe_name(h->doc.tags[i]));
	printf("\n");
	if (*snip)
		printf("    %s\n", snip);
	free(snip);
}

static int
search_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"limit", required_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct buf q = BUF_INIT;
	struct hit *hits = NULL;
	struct query *parsed;
	size_t n = 0, i;
	char *cause = NULL;
	long limit = 20;
	int ch, json = 0, rc, ansi, empty;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "jn:", opts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 'n') {
			if (parse_int(optarg, 1, 100000, &limit) < 0)
				return cli_usage(&cmd_search,
				    "--limit takes a number from 1 to 100000");
		} else
			return cli_usage(&cmd_search, "bad option");
	}
	if (optind >= argc)
		return cli_usage(&cmd_search, "what to search for?");
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		if (q.len)
			buf_addc(&q, ' ');
		buf_adds(&q, argv[i]);
	}
	/* Operators or punctuation alone ("(", "-", "OR", "tag:") leave
	 * nothing to look for: that is a usage error, as an empty query. */
	parsed = query_parse(q.ptr, q.len, 1);
	empty = parsed->empty;
	query_free(parsed);
	if (empty) {
		rc = cli_usage(&cmd_search, "nothing to search for in '%s'",
		    buf_str(&q));
		buf_free(&q);
		return rc;
	}
	if ((rc = cli_index(c)) != 0) {
		buf_free(&q);
		return rc;
	}
	if (index_search(c->ix, buf_str(&q), (int)limit, &hits, &n,
	    &cause) < 0) {
		errmsg("search: %s", cause);
		free(cause);
		buf_free(&q);
		return EXIT_RUNTIME;
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++)
			cJSON_AddItemToArray(arr, hit_json(&hits[i]));
		cli_print_json(arr);
	} else {
		ansi = want_color(STDOUT_FILENO);
		for (i = 0; i < n; i++)
			hit_print(&hits[i], ansi);
		if (n == 0)
			fprintf(stderr, "stratus: nothing matches '%s'\n",
			    safe_name(buf_str(&q)));
	}
	hits_free(hits, n);
	buf_free(&q);
	return n ? EXIT_OK : EXIT_PROBLEMS;
}

const struct command cmd_search = {
	.name = "search",
	.usage = "search [--json] [--limit N] QUERY",
	.summary = "ranked results with snippets",
	.help =
	    "Words are ANDed; the last word, from three letters on, also\n"
	    "matches as a prefix (shorter, it waits unless it is alone).\n"
	    "  \"exact phrase\"   a phrase\n"
	    "  a OR b           either\n"
	    "  -word, NOT word  without\n"
	    "  word*            prefix\n"
	    "  tag:T type:T status:S lang:L title:W\n"
	    "  path:FOLDER      notes under FOLDER (path:linux/)\n"
	    "  links:SLUG       notes that link to SLUG\n"
	    "  from:SLUG        notes that SLUG links to\n\n"
	    "options:\n"
	    "  --json      an array of {path, slug, title, lang, type, score,\n"
	    "              snippet, tags}; matches in snippets are **marked**\n"
	    "  --limit N   at most N results (default 20)\n\n"
	    "Exit status 1 when nothing matches.\n\n"
	    "examples:\n"
	    "  stratus search cold start\n"
	    "  stratus search 'tag:aws \"step functions\" -express'\n"
	    "  stratus search --json lang:es funcion\n",
	.exec = search_exec,
};
