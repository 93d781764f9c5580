/*
 * test_sync_backend.c: the backend's own rules as sync applies them,
 * table-driven, with malformed, huge and hostile input: dates as
 * toISOString gives them (iso_utc), slugs by generateSlug (backend_slug),
 * and wikilinks to the site's links and back (links.c).
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "sync/links.h"
#include "sync/map.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* got (taken) is want, or NULL when want is. */
static void
expect(const char *in, char *got, const char *want)
{
	if (!want && got)
		fail_msg("%s gave %s", in, got);
	if (want && (!got || strcmp(got, want) != 0))
		fail_msg("%s gave %s, want %s", in, got ? got : "NULL", want);
	free(got);
}

static void
test_iso_utc(void **state)
{
	static const char *const cases[][2] = {
	    {"2024-06-20", "2024-06-20T00:00:00.000Z"},
	    {"2024-06-20T10:00:00Z", "2024-06-20T10:00:00.000Z"},
	    {"2024-06-20T10:00:00.5Z", "2024-06-20T10:00:00.500Z"},
	    {"2024-06-20T10:00:00.123456Z", "2024-06-20T10:00:00.123Z"},
	    {"2024-06-20T10:00:00+02:00", "2024-06-20T08:00:00.000Z"},
	    {"2024-06-20T01:30:00+0530", "2024-06-19T20:00:00.000Z"},
	    {"2024-12-31T22:00:00-05:00", "2025-01-01T03:00:00.000Z"},
	    {"2024-06-20 10:00", "2024-06-20T10:00:00.000Z"},
	    {"2024-02-29t23:59:59z", "2024-02-29T23:59:59.000Z"},
	    {"2024-06-20T10:00:00.000Z", "2024-06-20T10:00:00.000Z"},
	    /* not dates: left out rather than sent as garbage */
	    {"", NULL}, {"yesterday", NULL}, {"2024-13-01", NULL},
	    {"2024-06-32", NULL}, {"2024-06-20T25:00", NULL},
	    {"2024-06-20T10:00:00+", NULL}, {"2024-06-20Tab", NULL},
	    {"2024-06-20 junk", NULL}, {"20240620", NULL},
	    {"2024-06-20T10:00:00.Z", NULL}, {"\xff\xfe-06-20", NULL},
	};
	size_t i;
	char big[4096];

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect(cases[i][0], iso_utc(cases[i][0]), cases[i][1]);
	}
	assert_null(iso_utc(NULL));
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	memcpy(big, "2024-06-20T10:00:00.", 20);
	{
		char *got = iso_utc(big);	/* a huge fraction */

		assert_non_null(got);
		assert_string_equal(got, "2024-06-20T10:00:00.999Z");
		free(got);
	}
}

static void
test_backend_slug(void **state)
{
	static const char *const cases[][2] = {
	    {"señal", "senal"}, {"Señal y ruido", "senal-y-ruido"},
	    {"se\xcc\x83nal", "senal"},	/* NFD, as macOS names files */
	    {"ÀÉÎÕÜ çÑ", "aeiou-cn"}, {"Ångström", "angstrom"},
	    {"łódź", "odz"}, {"straße", "stra-e"}, {"Œuvre", "uvre"},
	    {"  --a__b--  ", "a-b"}, {"café.md", "cafe-md"},
	    {"日本語", NULL}, {"", NULL}, {"---", NULL},
	    {"\xff\xfe", NULL}, {"a\xff" "b", "a-b"}, {"\x1b[31mred", "31mred"},
	    {"žluťoučký kůň", "zlutoucky-kun"},
	};
	size_t i;
	char *big = xmalloc(300 * 2 + 1);

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		expect(cases[i][0], backend_slug(cases[i][0]), cases[i][1]);
	}
	/* longer than a slug may be: none */
	for (i = 0; i < 300; i++)
		memcpy(big + 2 * i, "\xc3\xb1", 2);
	big[600] = '\0';
	assert_null(backend_slug(big));
	free(big);
}

/* to markdown and back is the identity; md is what the cloud gets */
static void
check_links(const char *in, const char *md)
{
	cJSON *pairs = cJSON_CreateArray();
	size_t n, m;
	char *out = links_to_markdown(in, strlen(in), &n, pairs), *back;

	if (md && strcmp(out, md) != 0)
		fail_msg("%s gave %s, want %s", in, out, md);
	assert_int_equal(n, strlen(out));
	back = links_from_markdown(out, n, &m, pairs);
	if (m != strlen(in) || memcmp(back, in, m) != 0)
		fail_msg("%s came back as %s", in, back);
	free(out);
	free(back);
	cJSON_Delete(pairs);
}

static void
test_wikilinks(void **state)
{
	static const char *const cases[][2] = {
	    {"see [[aws-lambda]].", "see [aws-lambda](/node?id=aws-lambda)."},
	    {"[[aws-lambda|Lambda]]", "[Lambda](/node?id=aws-lambda)"},
	    {"[[concepts/AWS Lambda.es.md#Cold|x]]",
	     "[x](/node?id=aws-lambda)"},
	    {"[[Señal]]", "[Señal](/node?id=senal)"},
	    {"![[image.png]]", "![[image.png]]"},
	    {"`[[code]]` and [[a]]", "`[[code]]` and [a](/node?id=a)"},
	    {"```\n[[fenced]]\n```\n[[b]]", "```\n[[fenced]]\n```\n[b](/node?id=b)"},
	    {"[[]] [[ ]] [[|x]] [[日本]]", "[[]] [[ ]] [[|x]] [[日本]]"},
	    {"[[a\nb]]", "[[a\nb]]"}, {"[[unclosed", "[[unclosed"},
	    {"[[a]] [[A]] [[a|a]]", NULL},
	    {"[[x]]]] [[[y]]", NULL},
	    {"", ""},
	};
	size_t i;
	struct buf b = BUF_INIT;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_links(cases[i][0], cases[i][1]);
	/* a Markdown link written on the web stays; a converted one gone
	 * from the text is simply not there */
	{
		cJSON *pairs = cJSON_CreateArray();
		size_t n;
		const char *in = "[[a]] and [[b]]";
		char *md = links_to_markdown(in, strlen(in), &n, pairs), *back;
		const char *web = "[b](/node?id=b), [a](/node?id=a), "
		    "[a](/node?id=a), [c](/node?id=c)";

		back = links_from_markdown(web, strlen(web), &n, pairs);
		assert_string_equal(back, "[[b]], [[a]], [a](/node?id=a), "
		    "[c](/node?id=c)");
		free(md);
		free(back);
		cJSON_Delete(pairs);
	}
	/* huge and hostile: many links, a long unclosed one, NULs */
	for (i = 0; i < 20000; i++)
		buf_adds(&b, i % 3 ? "[[n" : "[[note-x|y]] ");
	check_links(buf_str(&b), NULL);
	buf_free(&b);
	for (i = 0; i < 2000; i++)
		buf_adds(&b, "[[aaaaaaaaaa");
	buf_adds(&b, "]]");
	check_links(buf_str(&b), NULL);
	buf_free(&b);
	{
		cJSON *pairs = cJSON_Parse("[[1,2],[\"x\"],\"y\",[null,\"z\"]]");
		size_t n;
		char *back = links_from_markdown("[x] y", 5, &n, pairs);

		assert_string_equal(back, "[x] y");	/* bad records ignored */
		free(back);
		cJSON_Delete(pairs);
		back = links_from_markdown("[x]", 3, &n, NULL);
		assert_string_equal(back, "[x]");
		free(back);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso_utc),
		cmocka_unit_test(test_backend_slug),
		cmocka_unit_test(test_wikilinks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
