/*
 * test_query.c: the query language, end to end. One table of query
 * strings (plain, operators, filters, CJK, and hostile input: unbalanced
 * quotes, lone operators, ':', '*', parentheses, NEAR(, NUL bytes, SQL
 * fragments, control bytes) run by one runner against the fixture vault
 * tests/data/vaults/query, each with the set of slugs it must give. No
 * input may produce an error. A few generated inputs (10 KB of noise,
 * thousands of parentheses or operators) follow, then the translation of
 * a few queries to FTS5 text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/index.h"
#include "core/query.h"
#include "core/util.h"

#define ALL "*"		/* every note: what an empty query lists */
#define NONE ""

/* Every slug of the fixture vault. */
static const char all_slugs[] =
	"amazon-dynamodb amazon-s3 aws-lambda cjk cold-starts diacritics "
	"event-driven fan-out finops lambda-vs-fargate orphan prefixes "
	"serverless sql-words start-here step-functions why-serverless";

/* The notes holding the word lambda (in text, title, alias or tag). */
#define LAMBDA "aws-lambda lambda-vs-fargate cold-starts start-here " \
	"serverless step-functions amazon-dynamodb sql-words fan-out"
#define NOT_LAMBDA "why-serverless amazon-s3 finops cjk event-driven " \
	"diacritics prefixes orphan"

struct qcase {
	const char *q;
	size_t len;		/* 0: strlen(q); set for NUL bytes */
	const char *want;	/* slugs, any order; ALL or NONE */
	const char *first;	/* the slug ranked first, or NULL */
};

#define NUL(s) s, sizeof(s) - 1

static const struct qcase cases[] = {
	/* words, phrases, prefixes */
	{ "", 0, ALL, "start-here" },
	{ "lambda", 0, LAMBDA, "aws-lambda" },
	{ "LAMBDA", 0, LAMBDA, NULL },
	{ "lambda*", 0, LAMBDA, NULL },
	{ "cold start", 0, "cold-starts prefixes aws-lambda", "cold-starts" },
	{ "\"cold start\"", 0, "cold-starts aws-lambda", "cold-starts" },
	{ "\"cold start\"*", 0, "cold-starts aws-lambda prefixes", NULL },
	{ "DynamoDB", 0, "amazon-dynamodb aws-lambda", "amazon-dynamodb" },
	{ "dynamo", 0, "amazon-dynamodb aws-lambda", "amazon-dynamodb" },
	{ "xylo", 0, "orphan", NULL },
	{ "thro", 0, "prefixes event-driven", "prefixes" },
	{ "serverless", 0, "serverless why-serverless aws-lambda start-here",
	    NULL },
	{ "heavy lifting", 0, "serverless", NULL },
	{ "s3", 0, "amazon-s3 start-here", "amazon-s3" },
	{ "e-mail", 0, "event-driven", NULL },
	{ "event-driven", 0, "event-driven", NULL },
	{ "λ", 0, "aws-lambda", NULL },
	/* diacritics and case */
	{ "funcion", 0, "serverless", NULL },
	{ "función", 0, "serverless", NULL },
	{ "cafe", 0, "diacritics", NULL },
	{ "CAFÉ", 0, "diacritics", NULL },
	{ "naive facade", 0, "diacritics", NULL },
	/* AND, OR, NOT, groups */
	{ "lambda fargate", 0, "lambda-vs-fargate serverless", NULL },
	{ "lambda AND fargate", 0, "lambda-vs-fargate serverless", NULL },
	{ "lambda OR fargate", 0, LAMBDA, NULL },
	{ "lambda -fargate", 0, "aws-lambda cold-starts start-here serverless "
	    "step-functions amazon-dynamodb sql-words fan-out", NULL },
	{ "lambda NOT fargate", 0, "aws-lambda cold-starts start-here "
	    "serverless step-functions amazon-dynamodb sql-words fan-out",
	    NULL },
	{ "-lambda", 0, NOT_LAMBDA, NULL },
	{ "NOT lambda", 0, NOT_LAMBDA, NULL },
	{ "--lambda", 0, LAMBDA, NULL },
	{ "NOT NOT lambda", 0, LAMBDA, NULL },
	{ "lambda OR -fargate", 0, LAMBDA, NULL },
	{ "(lambda OR fargate) cost", 0, "lambda-vs-fargate", NULL },
	{ "(cold OR throttled) -lambda", 0, "prefixes", NULL },
	{ "-(lambda OR serverless)", 0, "amazon-s3 finops cjk event-driven "
	    "diacritics prefixes orphan", NULL },
	{ "\"heavy lifting\" -servers", 0, NONE, NULL },
	/* filters */
	{ "tag:aws", 0, "aws-lambda amazon-dynamodb step-functions amazon-s3",
	    NULL },
	{ "tag:AWS", 0, "aws-lambda amazon-dynamodb step-functions amazon-s3",
	    NULL },
	{ "tag:#aws", 0, "aws-lambda amazon-dynamodb step-functions amazon-s3",
	    NULL },
	{ "tag:cost", 0, "finops lambda-vs-fargate", NULL },
	{ "tag:cost/compute", 0, "lambda-vs-fargate", NULL },
	{ "tag:co*", 0, "aws-lambda lambda-vs-fargate finops", NULL },
	{ "-tag:aws", 0, "start-here cold-starts serverless fan-out "
	    "why-serverless lambda-vs-fargate finops cjk orphan sql-words "
	    "prefixes diacritics event-driven", NULL },
	{ "tag:aws lambda", 0, "aws-lambda amazon-dynamodb step-functions",
	    "aws-lambda" },
	{ "tag:aws -lambda", 0, "amazon-s3", NULL },
	/* a filter inside a top-level OR holds for its side only */
	{ "tag:aws OR tag:storage", 0, "aws-lambda amazon-dynamodb "
	    "step-functions amazon-s3", NULL },
	{ "tag:misc OR tag:cjk", 0, "sql-words diacritics orphan cjk", NULL },
	{ "lambda tag:aws OR dynamodb", 0, "aws-lambda amazon-dynamodb "
	    "step-functions", NULL },
	{ "xylophone OR lambda tag:aws", 0, "orphan aws-lambda amazon-dynamodb "
	    "step-functions", NULL },
	{ "xylophone OR tag:cjk", 0, "orphan cjk", NULL },
	{ "tag:cjk OR type:essay", 0, "cjk why-serverless", NULL },
	{ "tag:cjk OR tag:misc -xylophone", 0, "cjk sql-words diacritics",
	    NULL },
	{ "tag:cjk OR -xylophone", 0, "cjk", NULL },
	{ "tag:cjk OR -tag:misc -tag:aws -tag:performance -tag:architecture "
	    "-tag:hub -tag:cost -tag:patterns", 0, "cjk", NULL },
	{ "tag:misc -tag:misc OR tag:cjk", 0, "cjk", NULL },
	{ "OR tag:cjk OR", 0, "cjk", NULL },
	{ "tag:cjk OR \"", 0, "cjk", NULL },
	{ "tag: OR tag:cjk OR ()", 0, "cjk", NULL },
	{ "(tag:cjk OR tag:misc) OR xylophone", 0, "orphan", NULL },
	{ "tag:cjk OR NEAR( OR '; DROP TABLE docs; --", 0, "cjk sql-words",
	    NULL },
	{ "type:essay", 0, "why-serverless", NULL },
	{ "type:concept type:experiment", 0, "aws-lambda cold-starts "
	    "amazon-dynamodb amazon-s3 serverless finops step-functions "
	    "event-driven lambda-vs-fargate", NULL },
	{ "type:nonsense", 0, NONE, NULL },
	{ "status:seed", 0, "fan-out lambda-vs-fargate cjk orphan sql-words "
	    "diacritics event-driven", NULL },
	{ "status:evergreen -type:concept", 0, "start-here", NULL },
	{ "lang:es", 0, "serverless", NULL },
	{ "lang:ja", 0, "cjk", NULL },
	{ "lang:en funcion", 0, NONE, NULL },
	{ "title:serverless", 0, "serverless why-serverless", NULL },
	{ "title:lambda*", 0, "aws-lambda lambda-vs-fargate", NULL },
	{ "title:\"cold starts\"", 0, "cold-starts", NULL },
	{ "links:aws-lambda", 0, "start-here serverless cold-starts "
	    "amazon-dynamodb step-functions amazon-s3 lambda-vs-fargate "
	    "fan-out sql-words", NULL },
	{ "links:Lambda", 0, "start-here serverless cold-starts "
	    "amazon-dynamodb step-functions amazon-s3 lambda-vs-fargate "
	    "fan-out sql-words", NULL },
	{ "links:amazon-sqs", 0, NONE, NULL },
	{ "links:no-such-note", 0, NONE, NULL },
	{ "from:start-here", 0, "serverless aws-lambda amazon-s3 fan-out",
	    NULL },
	{ "from:aws-lambda", 0, "cold-starts amazon-dynamodb", NULL },
	{ "from:aws-lambda tag:performance", 0, "cold-starts", NULL },
	/* CJK and substrings (the trigram index) */
	{ "サーバーレス", 0, "cjk", NULL },
	{ "関数", 0, "cjk", NULL },
	{ "无服务器", 0, "cjk", NULL },
	{ "サーバーレス -関数", 0, NONE, NULL },
	{ "namodb", 0, "amazon-dynamodb", NULL },
	{ "ottling", 0, "prefixes", NULL },
	/* hostile: quotes, lone operators, punctuation */
	{ "\"", 0, ALL, NULL },
	{ "\"\"", 0, ALL, NULL },
	{ "\"   \"", 0, ALL, NULL },
	{ "\"unbalanced quote", 0, NONE, NULL },
	{ "\"cold start", 0, "cold-starts aws-lambda", NULL },
	{ "-", 0, ALL, NULL },
	{ "NOT", 0, ALL, NULL },
	{ "OR", 0, ALL, NULL },
	{ "AND", 0, ALL, NULL },
	{ "lambda OR", 0, LAMBDA, NULL },
	{ "OR lambda", 0, LAMBDA, NULL },
	{ "AND OR NOT", 0, ALL, NULL },
	{ ":", 0, ALL, NULL },
	{ "*", 0, ALL, NULL },
	{ "**", 0, ALL, NULL },
	{ "(", 0, ALL, NULL },
	{ ")", 0, ALL, NULL },
	{ "()", 0, ALL, NULL },
	{ "((((lambda", 0, LAMBDA, NULL },
	{ "lambda))))", 0, LAMBDA, NULL },
	{ "title:", 0, ALL, NULL },
	{ "tag:", 0, ALL, NULL },
	{ "links:", 0, ALL, NULL },
	{ "tag:*", 0, ALL, NULL },
	{ "body:lambda", 0, NONE, NULL },
	{ "{title}:lambda", 0, NONE, NULL },
	{ "^lambda", 0, LAMBDA, NULL },
	{ "lambda^2", 0, NONE, NULL },
	{ "🙂", 0, ALL, NULL },
	{ "—", 0, ALL, NULL },
	{ "lambda —", 0, LAMBDA, NULL },
	/* FTS5 syntax and SQL fragments are plain words */
	{ "NEAR(", 0, "sql-words", NULL },
	{ "NEAR(lambda fargate, 5)", 0, NONE, NULL },
	{ "'; DROP TABLE docs; --", 0, "sql-words", NULL },
	{ "SELECT * FROM docs", 0, "sql-words", NULL },
	{ "\" OR 1=1 --", 0, NONE, NULL },
	{ "lambda' OR '1'='1", 0, LAMBDA, NULL },
	{ "docs MATCH 'x'", 0, NONE, NULL },
	/* NUL bytes, control bytes, invalid UTF-8 */
	{ NUL("\0lambda"), LAMBDA, NULL },
	{ NUL("lambda\0"), LAMBDA, NULL },
	{ NUL("\0"), ALL, NULL },
	{ NUL("lam\0bda"), "aws-lambda lambda-vs-fargate cold-starts", NULL },
	{ "lambda\x1b", 0, LAMBDA, NULL },
	{ "\x02lambda\x03", 0, LAMBDA, NULL },
	{ "\xff\xfe lambda", 0, LAMBDA, NULL },
	{ "\xc3", 0, ALL, NULL },
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted unique words of s, joined by single spaces. */
static char *
canon(const char *s)
{
	char *copy = xstrdup(s), *p, *w[256];
	struct buf b = BUF_INIT;
	size_t n = 0, i;

	for (p = copy; *p && n < 256;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n++] = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
	}
	qsort(w, n, sizeof *w, cmp_str);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(w[i], w[i - 1]) == 0)
			continue;
		if (b.len)
			buf_addc(&b, ' ');
		buf_adds(&b, w[i]);
	}
	free(copy);
	return buf_take(&b);
}

static void
show_bytes(struct buf *b, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && i < 60; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f || c == '\\')
			buf_printf(b, "\\x%02x", c);
		else
			buf_addc(b, c);
	}
	if (len > 60)
		buf_printf(b, "...(%zu bytes)", len);
}

static struct index *
open_fixture(void)
{
	const char *data = getenv("STRATUS_TESTDATA");
	struct index_opts o;
	struct index *ix = NULL;
	struct index_stats st;
	char *dir, *vault, *cause = NULL;

	assert_non_null(data);
	dir = path_join(data, "vaults/query");
	vault = path_real(dir);
	assert_non_null(vault);
	memset(&o, 0, sizeof o);
	o.vault = vault;
	o.progress = 0;
	if (index_open(&o, &ix, &cause) < 0 ||
	    index_update(ix, 0, &st, &cause) < 0)
		fail_msg("index: %s", cause);
	assert_int_equal(st.warnings, 0);
	free(dir);
	free(vault);
	return ix;
}

/*
 * Run one query: it must not fail, snippets must hold no control byte but
 * the markers, and the slugs must be want (and first, when given).
 * Returns 0, or 1 with a line on stderr.
 */
static int
run_case(struct index *ix, const char *q, size_t len, const char *want,
    const char *first, size_t idx)
{
	struct hit *h = NULL;
	struct buf got = BUF_INIT, shown = BUF_INIT;
	char *cause = NULL, *g, *w;
	size_t n = 0, i;
	const char *p;
	int bad = 0;

	show_bytes(&shown, q, len);
	if (index_searchn(ix, q, len, 1000, &h, &n, &cause) < 0) {
		fprintf(stderr, "case %zu [%s]: error: %s\n", idx,
		    buf_str(&shown), cause);
		free(cause);
		buf_free(&shown);
		return 1;
	}
	for (i = 0; i < n; i++) {
		buf_printf(&got, "%s ", h[i].doc.slug);
		for (p = h[i].snippet; *p; p++)
			if ((unsigned char)*p < 0x20 && *p != SNIP_OPEN &&
			    *p != SNIP_CLOSE)
				bad = 1;
	}
	g = canon(buf_str(&got));
	w = canon(strcmp(want, ALL) == 0 ? all_slugs : want);
	if (strcmp(g, w) != 0 || bad ||
	    (first && (n == 0 || strcmp(h[0].doc.slug, first) != 0))) {
		fprintf(stderr, "case %zu [%s]:\n  got:  %s%s\n  want: %s\n"
		    "  first: %s (want %s)\n", idx, buf_str(&shown), g,
		    bad ? " (control byte in a snippet)" : "", w,
		    n ? h[0].doc.slug : "-", first ? first : "any");
		bad = 1;
	}
	free(g);
	free(w);
	buf_free(&got);
	buf_free(&shown);
	hits_free(h, n);
	return bad;
}

static void
test_query_table(void **state)
{
	struct index *ix = open_fixture();
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		failed += (size_t)run_case(ix, cases[i].q, cases[i].len ?
		    cases[i].len : strlen(cases[i].q), cases[i].want,
		    cases[i].first, i);
	index_close(ix);
	if (failed)
		fail_msg("%zu of %zu query cases failed",
		    failed, sizeof cases / sizeof cases[0]);
}

/* Generated hostile input: noise, deep nesting, runs of operators. */
static void
test_query_generated(void **state)
{
	struct index *ix = open_fixture();
	struct buf b = BUF_INIT;
	uint32_t x = 12345;
	size_t i, failed = 0;

	(void)state;
	/* 10 KB of printable noise: many words, ANDed, match nothing */
	for (i = 0; i < 10240; i++) {
		x = x * 1103515245u + 12345u;
		buf_addc(&b, 0x21 + (int)((x >> 16) % 94));
		if ((x >> 8) % 7 == 0)
			buf_addc(&b, ' ');
	}
	failed += (size_t)run_case(ix, b.ptr, b.len, NONE, NULL, 1000);
	/* 10 KB of random bytes, NULs included */
	buf_reset(&b);
	for (i = 0; i < 10240; i++) {
		x = x * 1103515245u + 12345u;
		buf_addc(&b, (int)((x >> 16) & 0xff));
	}
	{
		struct hit *h = NULL;
		size_t n = 0;
		char *cause = NULL;

		if (index_searchn(ix, b.ptr, b.len, 50, &h, &n, &cause) < 0) {
			fprintf(stderr, "random bytes: %s\n", cause);
			free(cause);
			failed++;
		}
		hits_free(h, n);
	}
	buf_reset(&b);
	for (i = 0; i < 5000; i++)
		buf_addc(&b, '(');
	buf_adds(&b, "lambda");
	failed += (size_t)run_case(ix, b.ptr, b.len, LAMBDA, NULL, 1001);
	buf_reset(&b);
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "lambda ");
	failed += (size_t)run_case(ix, b.ptr, b.len, LAMBDA, NULL, 1002);
	buf_reset(&b);
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "lambda OR ");
	failed += (size_t)run_case(ix, b.ptr, b.len, LAMBDA, NULL, 1003);
	buf_reset(&b);
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "tag:misc OR lambda OR ");
	failed += (size_t)run_case(ix, b.ptr, b.len, LAMBDA " diacritics "
	    "orphan", NULL, 1006);
	buf_reset(&b);
	for (i = 0; i < 10000; i++)
		buf_addc(&b, i % 2 ? '"' : '-');
	failed += (size_t)run_case(ix, b.ptr, b.len, ALL, NULL, 1004);
	buf_reset(&b);
	for (i = 0; i < 500; i++)
		buf_adds(&b, "tag:aws NEAR( -x ) ");
	failed += (size_t)run_case(ix, b.ptr, b.len, NONE, NULL, 1005);
	buf_free(&b);
	index_close(ix);
	if (failed)
		fail_msg("%zu generated cases failed", failed);
}

/* The translation itself, for a few inputs: what FTS5 is handed. */
static void
test_query_translation(void **state)
{
	static const struct {
		const char *in;
		const char *match;	/* NULL: no MATCH expression */
		const char *exclude;
		size_t nfilters;
	} t[] = {
		{ "lambda", "\"lambda\"", NULL, 0 },
		{ "cold start", "\"cold\" AND \"start\"", NULL, 0 },
		{ "a OR b", "(\"a\") OR (\"b\")", NULL, 0 },
		{ "x -y", "(\"x\") NOT (\"y\")", NULL, 0 },
		{ "-y", NULL, "\"y\"", 0 },
		{ "title:x tag:y", "title : \"x\"", NULL, 1 },
		{ "NEAR(x)", "\"NEAR\" AND (\"x\")", NULL, 0 },
		{ "say \"hi there\"", "\"say\" AND \"hi there\"", NULL, 0 },
		{ "col:x", "\"col:x\"", NULL, 0 },
		{ "tag:a type:b status:c lang:d links:e from:f", NULL, NULL,
		    6 },
		{ "漢字", NULL, NULL, 1 },
		{ "tag:a OR b", NULL, NULL, 1 },
		{ "(tag:a OR b)", "((\"b\"))", NULL, 1 },
	};
	struct query *q;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		q = query_parse(t[i].in, strlen(t[i].in), 0);
		if (t[i].match == NULL)
			assert_null(q->match);
		else {
			assert_non_null(q->match);
			assert_string_equal(q->match, t[i].match);
		}
		if (t[i].exclude == NULL)
			assert_null(q->exclude);
		else
			assert_string_equal(q->exclude, t[i].exclude);
		assert_int_equal(q->nfilters, t[i].nfilters);
		query_free(q);
	}
	q = query_parse("x tag:a OR y OR -z tag:b", 24, 0);
	assert_int_equal(q->nalts, 3);
	assert_string_equal(q->alts[0].match, "\"x\"");
	assert_null(q->alts[0].exclude);
	assert_string_equal(q->alts[1].match, "\"y\"");
	assert_null(q->alts[2].match);
	assert_string_equal(q->alts[2].exclude, "\"z\"");
	assert_int_equal(q->nfilters, 2);
	assert_int_equal(q->filters[0].alt, 0);
	assert_int_equal(q->filters[1].alt, 2);
	query_free(q);
	q = query_parse("cold start", 10, 1);
	assert_string_equal(q->match, "\"cold\" AND \"start\" *");
	query_free(q);
	/* the lengths of the prefixes typed, which the search weighs
	 * against its prefix index: the last word of a phrase, in
	 * characters */
	q = query_parse("fun \"cold st\"* funci\xc3\xb3n*", 24, 0);
	assert_int_equal(q->prefix_min, 2);
	assert_int_equal(q->prefix_max, 7);
	query_free(q);
	q = query_parse("lambda", 6, 0);
	assert_int_equal(q->prefix_max, 0);
	query_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_translation),
		cmocka_unit_test(test_query_table),
		cmocka_unit_test(test_query_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
