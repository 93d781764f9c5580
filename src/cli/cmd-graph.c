/* cmd-graph.c: `stratus graph [--format dot|json] [--depth N] [NOTE]`. */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A DOT string literal: sanitised as a name (controls and bidi
 * overrides shown, invalid bytes escaped), quotes and backslashes
 * escaped. */
static void
dot_string(const char *raw)
{
	const char *s = safe_name(raw);

	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		if ((unsigned char)*s >= 0x20)
			putchar(*s);
	}
	putchar('"');
}

static void
graph_dot(const struct graph *g)
{
	size_t i;

	printf("digraph stratus {\n\trankdir=LR;\n\tnode [shape=box];\n");
	for (i = 0; i < g->nnodes; i++) {
		printf("\t");
		dot_string(g->nodes[i].key);
		printf(" [label=");
		dot_string(g->nodes[i].title);
		printf("];\n");
	}
	for (i = 0; i < g->nedges; i++) {
		printf("\t");
		dot_string(g->nodes[g->edges[i].from].key);
		printf(" -> ");
		dot_string(g->nodes[g->edges[i].to].key);
		printf(";\n");
	}
	printf("}\n");
}

static void
graph_json(const struct graph *g)
{
	cJSON *o = cJSON_CreateObject(), *nodes = cJSON_CreateArray();
	cJSON *edges = cJSON_CreateArray();
	size_t i;

	for (i = 0; i < g->nnodes; i++) {
		cJSON *n = cJSON_CreateObject();

		cJSON_AddStringToObject(n, "key", g->nodes[i].key);
		cJSON_AddStringToObject(n, "slug", g->nodes[i].slug);
		cJSON_AddStringToObject(n, "title", g->nodes[i].title);
		cJSON_AddStringToObject(n, "type", g->nodes[i].type ?
		    g->nodes[i].type : "");
		cJSON_AddNumberToObject(n, "depth", g->nodes[i].depth);
		cJSON_AddItemToArray(nodes, n);
	}
	for (i = 0; i < g->nedges; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "source",
		    g->nodes[g->edges[i].from].key);
		cJSON_AddStringToObject(e, "target",
		    g->nodes[g->edges[i].to].key);
		cJSON_AddNumberToObject(e, "count", g->edges[i].count);
		cJSON_AddItemToArray(edges, e);
	}
	cJSON_AddItemToObject(o, "nodes", nodes);
	cJSON_AddItemToObject(o, "edges", edges);
	cJSON_AddNumberToObject(o, "unresolved", (double)g->unresolved);
	cJSON_AddNumberToObject(o, "orphans", (double)g->orphans);
	cli_print_json(o);
}

static int
graph_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"depth", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	struct graph g = {0};
	struct doc d = {0};
	char *cause = NULL;
	const char *format = "dot";
	long depth = 1;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "f:d:", opts, NULL)) != -1) {
		if (ch == 'f' && (strcmp(optarg, "dot") == 0 ||
		    strcmp(optarg, "json") == 0))
			format = optarg;
		else if (ch == 'd' && parse_int(optarg, 1, 10, &depth) == 0)
			;
		else
			return cli_usage(&cmd_graph, "--format is dot or json; "
			    "--depth is 1 to 10");
	}
	if (optind < argc - 1)
		return cli_usage(&cmd_graph, "at most one NOTE");
	if ((rc = cli_index(c)) != 0)
		return rc;
	if (optind == argc - 1 && (rc = cli_note(c, argv[optind], &d)) != 0)
		return rc;
	if (index_graph(c->ix, d.key, (int)depth, &g, &cause) < 0) {
		errmsg("graph: %s", cause);
		free(cause);
		doc_clear(&d);
		return EXIT_RUNTIME;
	}
	if (strcmp(format, "json") == 0)
		graph_json(&g);
	else
		graph_dot(&g);
	graph_clear(&g);
	doc_clear(&d);
	return EXIT_OK;
}

const struct command cmd_graph = {
	.name = "graph",
	.usage = "graph [--format dot|json] [--depth N] [NOTE]",
	.summary = "the link graph, whole or around one note",
	.help =
	    "Without NOTE, every note and every resolved link. With NOTE,\n"
	    "its neighbourhood: the notes it links to and those linking to\n"
	    "it, to a depth of N links.\n\n"
	    "options:\n"
	    "  --format dot|json   Graphviz DOT (default) or JSON {nodes,\n"
	    "                      edges, unresolved, orphans}\n"
	    "  --depth N           how far from NOTE (default 1)\n\n"
	    "examples:\n"
	    "  stratus graph | dot -Tsvg > graph.svg\n"
	    "  stratus graph --format json --depth 2 serverless\n",
	.exec = graph_exec,
};
