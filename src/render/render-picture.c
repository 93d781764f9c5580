/*
 * render-picture.c: a paragraph that is one picture and nothing else
 * (![alt](file), ![[file.png]] or an <img> the reducer made into the
 * former) becomes a picture box when the caller asks for pictures
 * (render_opts.picture_rows) and the file is there: picture_rows rows
 * the width of the text column, the alt text centred inside, each row an
 * ST_PICTURE span carrying the file's image_intern() id (image.h tells
 * how painters find and fill the box). Otherwise the paragraph renders
 * as text ("[image: alt]"), as it always does.
 */
#include "render/render-int.h"
#include "render/image.h"
#include "render/width.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The text of a lone ![[name|alt]] embed into *src and *alt. */
static int
lone_embed(const char *lit, char **src, char **alt)
{
	size_t len = strlen(lit), a, b;
	const char *pipe;

	while (len && isspace((unsigned char)lit[len - 1]))
		len--;
	while (len && isspace((unsigned char)*lit)) {
		lit++;
		len--;
	}
	if (len < 6 || strncmp(lit, "![[", 3) != 0 ||
	    strncmp(lit + len - 2, "]]", 2) != 0 ||
	    memchr(lit + 3, ']', len - 5) || memchr(lit + 3, '\n', len - 5))
		return 0;
	a = 3;
	b = len - 2;
	pipe = memchr(lit + a, '|', b - a);
	if (pipe) {
		*src = xstrndup(lit + a, (size_t)(pipe - lit) - a);
		*alt = xstrndup(pipe + 1, (size_t)(lit + b - pipe - 1));
	} else {
		*src = xstrndup(lit + a, b - a);
		*alt = xstrdup(path_base(*src));
	}
	return 1;
}

/* The alt text of an image node: its text children, joined. */
static char *
image_alt(cmark_node *img)
{
	struct buf b = BUF_INIT;
	cmark_node *k;
	const char *lit;

	for (k = cmark_node_first_child(img); k; k = cmark_node_next(k))
		if ((lit = cmark_node_get_literal(k)) != NULL)
			buf_adds(&b, lit);
	return buf_take(&b);
}

int
rd_picture_para(struct ctx *c, cmark_node *para)
{
	cmark_node *k = cmark_node_first_child(para);
	struct lbuild lb = { BUF_INIT, NULL, 0, 0, 0 };
	struct rdoc box = {0};
	char *src = NULL, *alt = NULL, *path = NULL;
	const char *lit;
	size_t i;
	int w, done = 0;

	if (c->o->picture_rows < 3 || c->in_table || !k || cmark_node_next(k))
		return 0;
	if (cmark_node_get_type(k) == CMARK_NODE_IMAGE) {
		lit = cmark_node_get_url(k);
		src = xstrdup(lit ? lit : "");
		alt = image_alt(k);
	} else if (cmark_node_get_type(k) != CMARK_NODE_TEXT ||
	    !(lit = cmark_node_get_literal(k)) || !lone_embed(lit, &src, &alt)) {
		return 0;
	}
	path = image_resolve(c->o->base_dir, src);
	if (!path)
		goto fail;
	rd_block_start(c);
	rd_prefix(c, &lb, 0);
	w = c->width - lb.width;
	picture_box(&box, image_intern(path), *alt ? alt : path_base(src), w,
	    c->o->picture_rows);
	for (i = 0; i < box.nlines; i++) {
		if (i > 0)
			rd_prefix(c, &lb, 0);
		lb_add(&lb, box.lines[i].text, strlen(box.lines[i].text),
		    box.lines[i].spans[0].style, box.lines[i].spans[0].link);
		/* not rd_emit: the span's link is a picture id */
		c->last_blank = 0;
		rd_doc_push_line(c->d, &c->caplines, &lb);
	}
	rd_block_end(c);
	done = 1;
fail:
	for (i = 0; i < box.nlines; i++) {
		free(box.lines[i].text);
		free(box.lines[i].spans);
	}
	free(box.lines);
	free(src);
	free(alt);
	free(path);
	return done;
}
