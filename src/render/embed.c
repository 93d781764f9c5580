/*
 * embed.c: the notes that ![[embeds]] show, read through the index (or
 * from a folder, for a deck outside a vault) for render_opts.embed.
 */
#include "render/embed.h"
#include "core/frontmatter.h"
#include "core/index.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>

#define EMBED_FILE_MAX (4u << 20)

/* Append file's Markdown, frontmatter left out. */
static int
add_body(const char *path, struct buf *text)
{
	char *data = NULL, *cause = NULL;
	size_t len, yoff, ylen, boff = 0;

	if (read_file(path, EMBED_FILE_MAX, &data, &len, &cause) < 0) {
		free(cause);
		return -1;
	}
	if (fm_locate(data, len, &yoff, &ylen, &boff) == 0)
		boff = 0;
	buf_add(text, data + boff, len - boff);
	free(data);
	return 0;
}

static int
from_dir(const struct embed_src *s, const char *target, struct buf *text,
    struct buf *name)
{
	char *file, *path;
	int rc;

	if (!s->dir || strstr(target, "..") || target[0] == '/')
		return -1;
	file = str_ends(target, ".md") ? xstrdup(target) :
	    xasprintf("%s.md", target);
	path = path_join(s->dir, file);
	rc = add_body(path, text);
	if (rc == 0)
		buf_adds(name, target);
	free(path);
	free(file);
	return rc;
}

int
embed_note(void *arg, const char *target, struct buf *text,
    struct buf *name)
{
	const struct embed_src *s = arg;
	struct doc d = {0};
	char *cause = NULL, *path;
	int rc;

	if (!s->ix || index_find(s->ix, target, s->lang, &d, &cause) != 0) {
		free(cause);
		doc_clear(&d);
		return from_dir(s, target, text, name);
	}
	path = path_join(s->vault, d.path);
	rc = add_body(path, text);
	if (rc == 0)
		buf_adds(name, *d.title ? d.title : d.path);
	free(path);
	doc_clear(&d);
	return rc;
}
