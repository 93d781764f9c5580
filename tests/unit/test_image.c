/* test_image.c: decoding pictures (real and hostile files), resolving
 * image references, the picture boxes in rendered lines and the chafa
 * output for the terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/util.h"
#include "render/image-term.h"
#include "render/image.h"
#include "render/render.h"

static char *
img_path(const char *name)
{
	return xasprintf("%s/images/%s", getenv("STRATUS_TESTDATA"), name);
}

static struct image *
load(const char *name, char **cause)
{
	char *p = img_path(name);
	struct image *im = image_load(p, cause);

	free(p);
	return im;
}

static void
test_decode_real_files(void **state)
{
	static const struct { const char *name; int w, h; } ok[] = {
		{ "chart.png", 72, 48 }, { "photo.jpg", 144, 96 },
		{ "dot.gif", 2, 2 }, { "logo.svg", 120, 60 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		char *cause = NULL;
		struct image *im = load(ok[i].name, &cause);

		if (!im)
			fail_msg("%s: %s", ok[i].name, cause);
		assert_int_equal(im->width, ok[i].w);
		assert_int_equal(im->height, ok[i].h);
		assert_int_equal(im->stride, ok[i].w * 4);
		image_free(im);
	}
}

static void
test_chart_pixels(void **state)
{
	char *cause = NULL;
	struct image *im = load("chart.png", &cause);
	const unsigned char *px;

	(void)state;
	assert_non_null(im);
	/* a green bar at (10, 47), sky at (0, 0) */
	px = im->pixels + 47 * im->stride + 10 * 4;
	assert_int_equal(px[0], 40);
	assert_int_equal(px[1], 160);
	assert_int_equal(px[2], 70);
	assert_int_equal(px[3], 255);
	px = im->pixels;
	assert_int_equal(px[2], 255);
	image_free(im);
}

static void
test_hostile_files_fail_cleanly(void **state)
{
	static const char *const bad[] = { "truncated.png", "huge.png",
	    "not-an-image.png" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;
		struct image *im = load(bad[i], &cause);

		if (im)
			fail_msg("%s decoded", bad[i]);
		assert_non_null(cause);
		free(cause);
	}
	/* empty, one byte, a bare signature */
	{
		char *cause = NULL;

		assert_null(image_decode("", 0, &cause));
		free(cause);
		cause = NULL;
		assert_null(image_decode("\x89PNG\r\n\x1a\n", 8, &cause));
		free(cause);
		cause = NULL;
		assert_null(image_decode("<svg", 4, &cause));
		free(cause);
	}
}

static void
test_huge_svg_is_capped(void **state)
{
	const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"900000\" height=\"300000\"><rect width=\"10\" "
	    "height=\"10\"/></svg>";
	char *cause = NULL;
	struct image *im = image_decode(svg, strlen(svg), &cause);

	(void)state;
	assert_non_null(im);
	assert_true(im->width <= IMAGE_SVG_SIDE && im->height <= IMAGE_SVG_SIDE);
	image_free(im);
}

static void
test_external_svg_draws_alone(void **state)
{
	char *cause = NULL;
	/* references to http, file:// and a sibling file: none is read
	 * (sh/images.sh checks that no request reaches a listener) */
	struct image *im = load("external.svg", &cause);

	(void)state;
	assert_non_null(im);
	assert_int_equal(im->width, 40);
	image_free(im);
}

static void
test_resolve(void **state)
{
	char dir[] = "/tmp/stratus-img-XXXXXX", *p, *q;
	char *cause = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	p = xasprintf("%s/public/1.svg", dir);
	assert_int_equal(write_file_atomic(p, "<svg/>", 6, &cause), 0);
	free(p);
	p = xasprintf("%s/pic.png", dir);
	assert_int_equal(write_file_atomic(p, "x", 1, &cause), 0);

	q = image_resolve(dir, "pic.png");
	assert_string_equal(q, p);
	free(q);
	q = image_resolve(dir, "./pic.png?raw=1");
	assert_non_null(q);
	free(q);
	/* a remote URL: never fetched, but the copy beside the deck is used */
	q = image_resolve(dir, "https://example.org/talk/1.svg");
	assert_non_null(q);
	assert_true(str_ends(q, "/public/1.svg"));
	free(q);
	q = image_resolve(dir, "https://example.org/talk/pic.png");
	assert_string_equal(q, p);
	free(q);
	/* Slidev's absolute /x is public/x */
	q = image_resolve(dir, "/1.svg");
	assert_non_null(q);
	free(q);
	assert_null(image_resolve(dir, "https://example.org/missing.png"));
	assert_null(image_resolve(dir, "https://example.org/"));
	assert_null(image_resolve(dir, "data:image/png;base64,AAAA"));
	assert_null(image_resolve(dir, "file:///etc/passwd"));
	assert_null(image_resolve(dir, "missing.png"));
	assert_null(image_resolve(dir, "public"));	/* a folder */
	assert_null(image_resolve(dir, ""));
	unlink(p);
	free(p);
	p = xasprintf("%s/public/1.svg", dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/public", dir);
	rmdir(p);
	free(p);
	rmdir(dir);
}

static void
test_intern(void **state)
{
	int a = image_intern("/x/a.png"), b = image_intern("/x/b.png");

	(void)state;
	assert_int_not_equal(a, b);
	assert_int_equal(image_intern("/x/a.png"), a);
	assert_string_equal(image_interned(b), "/x/b.png");
	assert_null(image_interned(-1));
	assert_null(image_interned(1 << 30));
}

static void
test_render_picture_box(void **state)
{
	const char *md = "Before.\n\n![A bar chart](chart.png)\n\n"
	    "Inline ![x](chart.png) stays text.\n\n![[photo.jpg|Photo]]\n\n"
	    "![gone](missing.png)\n";
	struct render_opts o = {0};
	struct picture pics[8];
	char *dir = img_path("");
	struct rdoc *d;
	struct buf out = BUF_INIT;
	size_t n;

	(void)state;
	o.width = 40;
	o.picture_rows = 6;
	o.base_dir = dir;
	d = render_markdown(md, strlen(md), &o);
	n = picture_find(d->lines, d->nlines, pics, 8);
	assert_int_equal(n, 2);
	assert_int_equal(pics[0].rows, 6);
	assert_int_equal(pics[0].cols, 40);
	assert_int_equal(pics[0].col, 0);
	assert_true(str_ends(image_interned(pics[0].id), "chart.png"));
	assert_true(str_ends(image_interned(pics[1].id), "photo.jpg"));
	rdoc_write(d, &out, NULL);
	/* the alt text is in the box; the others stay text */
	assert_non_null(strstr(buf_str(&out), "A bar chart"));
	assert_non_null(strstr(buf_str(&out), "[image: x]"));
	assert_non_null(strstr(buf_str(&out), "[image: gone]"));
	assert_non_null(strstr(buf_str(&out), "Photo"));
	rdoc_free(d);
	buf_free(&out);

	/* without picture_rows: the text, as before */
	o.picture_rows = 0;
	d = render_markdown(md, strlen(md), &o);
	assert_int_equal(picture_find(d->lines, d->nlines, pics, 8), 0);
	rdoc_write(d, &out, NULL);
	assert_non_null(strstr(buf_str(&out), "[image: A bar chart]"));
	rdoc_free(d);
	buf_free(&out);
	free(dir);
}

static void
test_terminal_output(void **state)
{
	static const enum image_proto protos[] = { PROTO_SYMBOLS,
	    PROTO_SIXEL, PROTO_KITTY, PROTO_ITERM };
	static const char *const starts[] = { NULL, "\033P", "\033_G",
	    "\033]1337;" };
	char *cause = NULL;
	struct image *im = load("chart.png", &cause);
	struct image_cache *cache;
	const struct image_out *o1, *o2;
	char **lines;
	size_t i, n;
	int cols, rows;

	(void)state;
	assert_non_null(im);
	for (i = 0; i < 4; i++) {
		lines = image_to_term(im, protos[i], 30, 8, &cols, &rows);
		assert_non_null(lines);
		assert_true(cols <= 30 && rows <= 8 && cols > 0 && rows > 0);
		for (n = 0; lines[n]; n++)
			;
		if (protos[i] == PROTO_SYMBOLS)
			assert_int_equal(n, (size_t)rows);
		else
			assert_int_equal(n, 1);
		if (starts[i] && !strstr(lines[0], starts[i]))
			fail_msg("protocol %zu: no %s", i, starts[i] + 1);
		image_lines_free(lines);
	}
	/* a 72x48 picture in 30x8 cells (cells 1:2): height bound */
	lines = image_to_term(im, PROTO_SYMBOLS, 30, 8, &cols, &rows);
	assert_int_equal(rows, 8);
	assert_true(cols >= 20 && cols <= 26);
	image_lines_free(lines);
	image_free(im);

	cache = image_cache_new();
	{
		char *p = img_path("chart.png");

		o1 = image_cache_term(cache, p, PROTO_SYMBOLS, 20, 5);
		o2 = image_cache_term(cache, p, PROTO_SYMBOLS, 20, 5);
		assert_non_null(o1);
		assert_ptr_equal(o1, o2);
		o2 = image_cache_term(cache, p, PROTO_SYMBOLS, 10, 5);
		assert_non_null(o2);
		assert_true(o2->cols <= 10);
		free(p);
		p = img_path("truncated.png");
		assert_null(image_cache_term(cache, p, PROTO_SYMBOLS, 20, 5));
		free(p);
	}
	image_cache_free(cache);
}

static void
test_protocol_choice(void **state)
{
	enum image_mode m;

	(void)state;
	assert_int_equal(image_proto_from_env("xterm-kitty", NULL, 0),
	    PROTO_KITTY);
	assert_int_equal(image_proto_from_env("xterm-256color", NULL, 1),
	    PROTO_KITTY);
	assert_int_equal(image_proto_from_env("xterm-256color", "iTerm.app",
	    0), PROTO_ITERM);
	assert_int_equal(image_proto_from_env("foot", NULL, 0), PROTO_SIXEL);
	assert_int_equal(image_proto_from_env("xterm-256color", NULL, 0),
	    PROTO_SYMBOLS);
	assert_int_equal(image_proto_from_env(NULL, NULL, 0), PROTO_SYMBOLS);
	assert_true(image_da1_sixel("\033[?62;4;22c", 11));
	assert_true(image_da1_sixel("\033[?4c", 5));
	assert_false(image_da1_sixel("\033[?62;22c", 10));
	assert_false(image_da1_sixel("\033[?64;1;2;6;9;15;18;21;22c", 27));
	assert_false(image_da1_sixel("garbage", 7));
	assert_false(image_da1_sixel("", 0));
	assert_int_equal(image_mode_parse("auto", &m), 0);
	assert_int_equal(m, IMAGES_AUTO);
	assert_int_equal(image_mode_parse("symbols", &m), 0);
	assert_int_equal(m, IMAGES_SYMBOLS);
	assert_int_equal(image_mode_parse("off", &m), 0);
	assert_int_equal(m, IMAGES_OFF);
	assert_int_equal(image_mode_parse("sixel!", &m), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_real_files),
		cmocka_unit_test(test_chart_pixels),
		cmocka_unit_test(test_hostile_files_fail_cleanly),
		cmocka_unit_test(test_huge_svg_is_capped),
		cmocka_unit_test(test_external_svg_draws_alone),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_render_picture_box),
		cmocka_unit_test(test_terminal_output),
		cmocka_unit_test(test_protocol_choice),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
