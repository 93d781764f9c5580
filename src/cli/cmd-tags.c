/* cmd-tags.c: `stratus tags [--json]`, the tags with their counts. */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

static int
tags_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	struct tagcount *t = NULL;
	size_t n = 0, i;
	int ch, json = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "j", opts, NULL)) != -1) {
		if (ch != 'j')
			return cli_usage(&cmd_tags, "bad option");
		json = 1;
	}
	if (optind != argc)
		return cli_usage(&cmd_tags, "no arguments expected");
	if ((rc = cli_index(c)) != 0)
		return rc;
	if (index_tags(c->ix, &t, &n) < 0) {
		errmsg("cannot read the tags");
		return EXIT_RUNTIME;
	}
	if (json) {
		cJSON *arr = cJSON_CreateArray();

		for (i = 0; i < n; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "tag", t[i].tag);
			cJSON_AddStringToObject(o, "shown", t[i].shown);
			cJSON_AddNumberToObject(o, "count", (double)t[i].count);
			cJSON_AddItemToArray(arr, o);
		}
		cli_print_json(arr);
	} else {
		for (i = 0; i < n; i++)
			printf("%5ld  #%s\n", t[i].count,
			    safe_name(t[i].shown));
	}
	tagcounts_free(t, n);
	return n ? EXIT_OK : EXIT_PROBLEMS;
}

const struct command cmd_tags = {
	.name = "tags",
	.usage = "tags [--json]",
	.summary = "tags with the number of documents carrying each",
	.help =
	    "Tags come from the frontmatter and from #tags in the text,\n"
	    "matched whatever their case and shown as first written (the\n"
	    "JSON has both: tag, folded, and shown). A count is what\n"
	    "`search tag:TAG` lists: the documents with the tag or one\n"
	    "nested under it (#a/b counts for #a), each translation a\n"
	    "document of its own. Most used first.\n\n"
	    "options:\n"
	    "  --json   an array of {tag, count}\n\n"
	    "example:\n"
	    "  stratus tags | head\n",
	.exec = tags_exec,
};
