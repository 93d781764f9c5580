/* cmd-graph.c: `stratus graph [--format dot|json] [--depth N] [NOTE]`. */
#include "cli/cli.h"
#include "core/sanitize.h"
#include "core/util.h"

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

/* The graph printed as it comes: DOT or JSON, nodes then edges. */
struct gout {
	int json, edges;
	struct jout j;
};

static void
out_node(void *arg, const struct graph_node *n)
{
	struct gout *o = arg;

	if (!o->json) {
		printf("\t");
		dot_string(n->key);
		printf(" [label=");
		dot_string(n->title);
		printf("];\n");
		return;
	}
	jout_object(&o->j);
	jout_str(&o->j, "key", n->key);
	jout_str(&o->j, "slug", n->slug);
	jout_str(&o->j, "title", n->title);
	jout_str(&o->j, "type", n->type);
	jout_int(&o->j, "depth", n->depth);
	jout_close(&o->j);
}

static void
out_edge(void *arg, const char *from, const char *to, int count)
{
	struct gout *o = arg;

	if (!o->json) {
		printf("\t");
		dot_string(from);
		printf(" -> ");
		dot_string(to);
		printf(";\n");
		return;
	}
	if (!o->edges) {
		/* the first edge ends the nodes */
		jout_close(&o->j);
		jout_key(&o->j, "edges");
		jout_array(&o->j);
		o->edges = 1;
	}
	jout_object(&o->j);
	jout_str(&o->j, "source", from);
	jout_str(&o->j, "target", to);
	jout_int(&o->j, "count", count);
	jout_close(&o->j);
}

static void
out_begin(struct gout *o)
{
	if (!o->json) {
		printf("digraph stratus {\n\trankdir=LR;\n"
		    "\tnode [shape=box];\n");
		return;
	}
	jout_object(&o->j);
	jout_key(&o->j, "nodes");
	jout_array(&o->j);
}

static void
out_end(struct gout *o, long unresolved, long orphans)
{
	if (!o->json) {
		printf("}\n");
		return;
	}
	if (!o->edges) {
		jout_close(&o->j);
		jout_key(&o->j, "edges");
		jout_array(&o->j);
	}
	jout_close(&o->j);
	jout_int(&o->j, "unresolved", unresolved);
	jout_int(&o->j, "orphans", orphans);
	jout_close(&o->j);
}

static int
graph_exec(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"format", required_argument, NULL, 'f'},
		{"depth", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	struct doc d = {0};
	struct gout o = { 0, 0, JOUT_INIT };
	struct graph_sink sink = { out_node, out_edge, NULL };
	long unresolved = 0, orphans = 0;
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
	o.json = strcmp(format, "json") == 0;
	sink.arg = &o;
	/* printed as it is read, never held */
	out_begin(&o);
	rc = index_graph_stream(c->ix, d.key, (int)depth, &sink, &unresolved,
	    &orphans, &cause);
	if (rc < 0) {
		fflush(stdout);
		errmsg("graph: %s", cause);
		free(cause);
		buf_free(&o.j.b);
		doc_clear(&d);
		return EXIT_RUNTIME;
	}
	out_end(&o, unresolved, orphans);
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
