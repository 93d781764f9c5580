/*
 * fuzz_query.c: any bytes as a search query, end to end: query_parse()
 * and index_searchn() over a small vault built once in a temporary
 * folder. No input may produce an error (an SQLite error is a bug in the
 * translator), and snippets hold no control byte but the match markers.
 */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/index.h"
#include "core/query.h"
#include "core/util.h"
#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
static const struct {
	const char *path, *text;
} notes[] = {
	{ "start-here.md", "---\ntitle: Start Here\ntags: [hub]\n---\n\n"
	    "# Start Here\n\nSee [[aws-lambda]] and [[Serverless]].\n" },
	{ "concepts/aws-lambda.md", "---\ntitle: AWS Lambda\naliases: "
	    "[Lambda]\ntags: [aws, compute]\ntype: concept\nstatus: "
	    "evergreen\n---\n\n# AWS Lambda\n\nA cold start adds latency. "
	    "See [[cold-starts]].\n" },
	{ "concepts/cold-starts.md", "---\ntitle: Cold Starts\ntags: "
	    "[performance]\n---\n\nProvisioned concurrency. NEAR the "
	    "select from table.\n" },
	{ "concepts/serverless.md", "# Serverless\n\nPay per use. "
	    "[DynamoDB](amazon-dynamodb.md)\n" },
	{ "concepts/serverless.es.md", "---\nlang: es\ntitle: Sin "
	    "servidor\n---\n\nFunción y facturación.\n" },
	{ "notes/cjk.md", "# サーバーレス\n\n"
	    "关数はイベントで起動します。\n" },
};

static struct index *ix;
static char *tmp;

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	remove(path);
	return 0;
}

static void
cleanup(void)
{
	index_close(ix);
	if (tmp)
		nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(tmp);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct index_opts o;
	struct index_stats st;
	char *vault, *db, *p, *cause = NULL;
	size_t i;

	(void)argc;
	(void)argv;
	tmp = xstrdup("/tmp/stratus-fuzz-query-XXXXXX");
	CHECK(mkdtemp(tmp) != NULL);
	vault = path_join(tmp, "vault");
	db = path_join(tmp, "ix.db");
	for (i = 0; i < sizeof notes / sizeof notes[0]; i++) {
		p = path_join(vault, notes[i].path);
		CHECK(write_file_atomic(p, notes[i].text,
		    strlen(notes[i].text), &cause) == 0);
		free(p);
	}
	memset(&o, 0, sizeof o);
	o.vault = vault;
	o.db_path = db;
	o.progress = 0;
	CHECK(index_open(&o, &ix, &cause) == 0);
	CHECK(index_update(ix, 0, &st, &cause) == 0);
	CHECK(st.added == (long)(sizeof notes / sizeof notes[0]));
	free(vault);
	free(db);
	atexit(cleanup);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct query *q;
	struct hit *h = NULL;
	char *cause = NULL;
	const char *s;
	size_t n = 0, i;

	q = query_parse((const char *)data, size, 1);
	CHECK(q->empty == (!q->match && !q->exclude && q->nfilters == 0));
	for (i = 0; i < q->nfilters; i++)
		CHECK(q->filters[i].value && *q->filters[i].value);
	query_free(q);
	if (index_searchn(ix, (const char *)data, size, 50, &h, &n,
	    &cause) != 0) {
		fprintf(stderr, "search failed: %s\n", cause);
		abort();
	}
	for (i = 0; i < n; i++) {
		CHECK(h[i].doc.slug && *h[i].doc.slug);
		for (s = h[i].snippet; *s; s++)
			CHECK((unsigned char)*s >= 0x20 || *s == SNIP_OPEN ||
			    *s == SNIP_CLOSE);
	}
	hits_free(h, n);
	return 0;
}
