/*
 * test_render_golden.c: the Markdown-to-screen golden cases. Each file
 * tests/golden/NAME.golden holds
 *
 *	# what the case shows (comment lines)
 *	width 40
 *	<<<
 *	Markdown...
 *	>>>
 *	the expected screen, then its links and anchors
 *
 * The screen is one line per rendered line; a styled run is written
 * {style+style:text} (with @N when it belongs to link N), and '{', '}'
 * and '\' in text are escaped with '\'. Links resolve unless their target
 * holds "missing". A callout's kind is written callout-KIND among the
 * styles, and foldable callouts are listed after the anchors.
 *
 * Before <<<, "=== NAME" starts a note that ![[NAME]] embeds (its text
 * runs to the next "=== " line or <<<), and "toggle N" turns the N-th
 * foldable callout over, as a click in the explorer does.
 *
 * Each case is rendered a second time parsed in the smallest pieces the
 * renderer can cut it in (render_opts.piece = 1), which must give the
 * same screen.
 *
 * STRATUS_UPDATE_GOLDEN=1 rewrites the expected part
 * from the renderer: read every changed file before committing it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/util.h"
#include "render/render.h"
#include "render/width.h"

static const char *const style_names[] = {
	"h1", "h2", "h3", "em", "strong", "strike", "code", "codeblock",
	"link", "broken", "quote", "marker", "rule", "table", "th", "tag",
	"image", "footnote", "kw", "str", "comment", "num", "match", "sel",
	"ctl", "dim", "title", "mark",
};

static int
resolve_known(void *arg, const char *target)
{
	(void)arg;
	return strstr(target, "missing") == NULL;
}

static void
add_escaped(struct buf *out, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '{' || s[i] == '}' || s[i] == '\\')
			buf_addc(out, '\\');
		buf_addc(out, s[i]);
	}
}

/* The document in the golden notation. */
static void
notate(const struct rdoc *d, struct buf *out)
{
	const struct rline *l;
	size_t i, k, b, pos;
	int first;

	for (i = 0; i < d->nlines; i++) {
		l = &d->lines[i];
		pos = 0;
		for (k = 0; k < l->nspans; k++) {
			add_escaped(out, l->text + pos, l->spans[k].off - pos);
			buf_addc(out, '{');
			first = 1;
			for (b = 0; b < sizeof style_names /
			    sizeof style_names[0]; b++)
				if (l->spans[k].style & (1u << b)) {
					if (!first)
						buf_addc(out, '+');
					buf_adds(out, style_names[b]);
					first = 0;
				}
			if (ST_CALLOUT_KIND(l->spans[k].style))
				buf_printf(out, "%scallout-%s", first ? "" :
				    "+", rcallout_name(ST_CALLOUT_KIND(
				    l->spans[k].style)));
			if (l->spans[k].link >= 0)
				buf_printf(out, "@%d", l->spans[k].link);
			buf_addc(out, ':');
			add_escaped(out, l->text + l->spans[k].off,
			    l->spans[k].len);
			buf_addc(out, '}');
			pos = l->spans[k].off + l->spans[k].len;
		}
		buf_adds(out, l->text + pos);
		buf_addc(out, '\n');
	}
	if (d->nlinks)
		buf_adds(out, "--- links\n");
	for (i = 0; i < d->nlinks; i++)
		buf_printf(out, "%zu %s \"%s\"%s%s%s line %d\n", i,
		    d->links[i].wiki ? "wiki" : d->links[i].external ?
		    "external" : "markdown", d->links[i].target,
		    d->links[i].anchor ? " #" : "",
		    d->links[i].anchor ? d->links[i].anchor : "",
		    d->links[i].resolved ? "" : " broken", d->links[i].line);
	if (d->nanchors)
		buf_adds(out, "--- anchors\n");
	for (i = 0; i < d->nanchors; i++)
		buf_printf(out, "%s line %d\n", d->anchors[i].anchor,
		    d->anchors[i].line);
	if (d->nfolds)
		buf_adds(out, "--- folds\n");
	for (i = 0; i < d->nfolds; i++)
		buf_printf(out, "line %d %s\n", d->folds[i].line,
		    d->folds[i].open ? "open" : "folded");
}

struct gcase {
	char *path;
	char *data;
	size_t len;
	int width;
	int no_wrap_code;
	const char *md, *expected;	/* into data */
	size_t mdlen, head;		/* head: bytes up to ">>>\n" */
	unsigned char toggled[16];
	size_t ntoggled;
	int notes;			/* has "=== NAME" notes */
};

/* render_opts.embed over the case's "=== NAME" notes. */
static int
golden_embed(void *arg, const char *target, struct buf *text,
    struct buf *name)
{
	const struct gcase *g = arg;
	const char *p = g->data, *end = g->md, *e, *nl;
	size_t tl = strlen(target);

	while ((p = strstr(p, "=== ")) != NULL && p < end) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		if ((size_t)(nl - p - 4) == tl &&
		    memcmp(p + 4, target, tl) == 0) {
			e = strstr(nl + 1, "\n=== ");
			if (!e || e > end - 4)
				e = end - 4;	/* up to "\n<<<" */
			buf_add(text, nl + 1, (size_t)(e - nl));
			buf_printf(name, "%s", target);
			return 0;
		}
		p = nl + 1;
	}
	return -1;
}

static void
parse_case(struct gcase *g)
{
	char *cause = NULL, *p, *md, *exp;
	long w;

	if (read_file(g->path, 0, &g->data, &g->len, &cause) < 0)
		fail_msg("%s", cause);
	md = strstr(g->data, "\n<<<\n");
	exp = strstr(g->data, "\n>>>\n");
	if (!md || !exp || exp < md)
		fail_msg("%s: needs a <<< line and a >>> line", g->path);
	g->md = md + 5;
	g->mdlen = (size_t)(exp + 1 - g->md);
	g->expected = exp + 5;
	g->head = (size_t)(exp + 5 - g->data);
	p = strncmp(g->data, "width ", 6) == 0 ? g->data - 1 :
	    strstr(g->data, "\nwidth ");
	if (!p || p > md)
		fail_msg("%s: needs a \"width N\" line before <<<", g->path);
	p += 7;
	{
		char num[16];
		size_t n = strspn(p, "0123456789");

		if (n == 0 || n >= sizeof num)
			fail_msg("%s: bad width", g->path);
		memcpy(num, p, n);
		num[n] = '\0';
		if (parse_int(num, 10, 1000, &w) < 0)
			fail_msg("%s: bad width", g->path);
	}
	g->width = (int)w;
	p = strstr(g->data, "\nno_wrap_code\n");
	g->no_wrap_code = p && p < md;
	p = strstr(g->data, "=== ");
	g->notes = p && p < md;
	for (p = g->data; (p = strstr(p, "\ntoggle ")) != NULL && p < md;
	    p++) {
		long k = strtol(p + 8, NULL, 10);

		if (k >= 0 && k < (long)sizeof g->toggled) {
			g->toggled[k] = 1;
			if ((size_t)k + 1 > g->ntoggled)
				g->ntoggled = (size_t)k + 1;
		}
	}
}

static void
run_case(void **state)
{
	struct gcase g;
	struct render_opts o;
	struct rdoc *d;
	struct buf got = BUF_INIT, file = BUF_INIT, cut = BUF_INIT;
	const char *update = getenv("STRATUS_UPDATE_GOLDEN");
	char *cause = NULL;

	memset(&g, 0, sizeof g);
	g.path = *state;
	parse_case(&g);
	memset(&o, 0, sizeof o);
	o.width = g.width;
	o.resolve = resolve_known;
	o.no_wrap_code = g.no_wrap_code;
	o.toggled = g.toggled;
	o.ntoggled = g.ntoggled;
	if (g.notes) {
		o.embed = golden_embed;
		o.embed_arg = &g;
	}
	d = render_markdown(g.md, g.mdlen, &o);
	notate(d, &got);
	if (update && *update) {
		buf_add(&file, g.data, g.head);
		buf_add(&file, got.ptr, got.len);
		if (write_file_atomic(g.path, file.ptr, file.len, &cause) < 0)
			fail_msg("%s", cause);
	} else if (strcmp(buf_str(&got), g.expected) != 0) {
		print_error("%s: screen differs\n--- expected\n%s--- got\n%s",
		    g.path, g.expected, buf_str(&got));
		fail();
	}
	/* Parsed in the smallest pieces it can be cut in: the same. */
	rdoc_free(d);
	o.piece = 1;
	d = render_markdown(g.md, g.mdlen, &o);
	notate(d, &cut);
	if (strcmp(buf_str(&got), buf_str(&cut)) != 0) {
		print_error("%s: parsed in pieces, the screen differs\n"
		    "--- whole\n%s--- in pieces\n%s", g.path, buf_str(&got),
		    buf_str(&cut));
		fail();
	}
	rdoc_free(d);
	buf_free(&cut);
	buf_free(&got);
	buf_free(&file);
	free(g.data);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(void)
{
	const char *td = getenv("STRATUS_TESTDATA");
	char *dir, **paths = NULL;
	struct CMUnitTest *tests;
	struct dirent *e;
	size_t n = 0, cap = 0, i;
	DIR *dp;
	int rc;

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		width_locale_init();
	dir = path_join(td && *td ? td : "data", "../golden");
	dp = opendir(dir);
	if (!dp) {
		fprintf(stderr, "%s: cannot open the golden cases\n", dir);
		return 1;
	}
	while ((e = readdir(dp)) != NULL) {
		if (!str_ends(e->d_name, ".golden"))
			continue;
		paths = xgrow(paths, &cap, n + 1, sizeof *paths);
		paths[n++] = path_join(dir, e->d_name);
	}
	closedir(dp);
	if (n == 0) {
		fprintf(stderr, "%s: no .golden cases\n", dir);
		return 1;
	}
	qsort(paths, n, sizeof *paths, by_name);
	tests = xcalloc(n, sizeof *tests);
	for (i = 0; i < n; i++) {
		tests[i].name = path_base(paths[i]);
		tests[i].test_func = run_case;
		tests[i].initial_state = paths[i];
	}
	rc = _cmocka_run_group_tests("golden", tests, n, NULL, NULL);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	free(tests);
	free(dir);
	return rc;
}
