/*
 * deck-import.c: text that a slide takes from other files: presenterm's
 * <!-- include: file.md --> (scanned in place, cycles refused) and
 * Slidev's <<< @/snippets/x.ts (a code block), each path relative to the
 * file that names it.
 */
#include "deck/deck-int.h"
#include "core/util.h"
#include "render/html.h"

#include <stdlib.h>
#include <string.h>


/* The path of file (as written in the deck) relative to the file that
 * names it; Slidev's "@/" is the deck's folder. Caller frees. */
static char *
deck_relative(const char *from, const char *file)
{
	char *dir = path_dir(from), *path;

	if (file[0] == '@' && file[1] == '/')
		file += 2;
	else if (file[0] == '.' && file[1] == '/')
		file += 2;
	path = file[0] == '/' ? xstrdup(file) : path_join(*dir ? dir : ".",
	    file);
	free(dir);
	return path;
}

/* The bytes of file, named in the deck at sc's line; a warning and NULL
 * when it cannot be read. Caller frees. */
static char *
read_named(struct scan *sc, const char *what, const char *file, char **path,
    size_t *len)
{
	char *data = NULL, *cause = NULL;

	*path = deck_relative(sc->file, file);
	if (read_file(*path, DECK_MAX_BYTES, &data, len, &cause) < 0) {
		dk_warn(sc->d, sc->file, sc->lineno, "%s %s: %s; fix the path",
		    what, file, cause ? cause : "cannot read it");
		free(cause);
		free(*path);
		*path = NULL;
		return NULL;
	}
	return data;
}

/* presenterm's <!-- include: file.md -->: the file's lines scanned here,
 * as if written in place. Returns 1 when l was such a line. */
int
dk_include_line(struct scan *sc, const char *l, size_t n, struct dk_lines *ls)
{
	const char *old = sc->file;
	char *name, *path, *data, *real;
	struct text sub;
	size_t len;
	int lineno = sc->lineno, k;

	l = dk_trim(l, &n);
	if (n < 16 || memcmp(l, "<!--", 4) != 0 ||
	    memcmp(l + n - 3, "-->", 3) != 0)
		return 0;
	l += 4;
	n -= 7;
	l = dk_trim(l, &n);
	if (n < 9 || memcmp(l, "include:", 8) != 0)
		return 0;
	l += 8;
	n -= 8;
	l = dk_trim(l, &n);
	name = xstrndup(l, n);
	if (ls->depth == 0 && !ls->files[0])
		ls->files[0] = path_real(sc->file);
	if ((data = read_named(sc, "include:", name, &path, &len)) == NULL)
		goto fail;
	real = path_real(path);
	for (k = 0; k <= ls->depth && real; k++)
		if (ls->files[k] && strcmp(ls->files[k], real) == 0)
			break;
	if (ls->depth >= IMPORT_DEPTH || !real || k <= ls->depth) {
		dk_warn(sc->d, sc->file, sc->lineno, "include: %s includes "
		    "itself (a cycle or more than %d levels); remove it", name,
		    IMPORT_DEPTH);
		free(real);
	} else {
		dk_text_init(&sub, data, len, path);
		ls->files[++ls->depth] = real;
		sc->file = path;
		dk_scan_lines(sc, &sub, 0, sub.n, ls);
		sc->file = old;
		sc->lineno = lineno;
		free(ls->files[ls->depth--]);
		dk_text_free(&sub);
	}
	free(data);
	free(path);
fail:
	free(name);
	return 1;
}

/* Slidev's <<< @/snippets/x.ts [lang] {ranges}: the file as a code block
 * (its language from the file's extension unless one is written, line
 * highlights as on a fence). Returns 1 when l was such a line. */
int
dk_snippet_line(struct scan *sc, const char *l, size_t n)
{
	const char *e, *dot, *p, *nl, *end;
	char *name, *path, *data;
	struct buf open = BUF_INIT, close = BUF_INIT;
	size_t len, k, ticks = 3, run = 0;

	if (n < 5 || memcmp(l, "<<< ", 4) != 0)
		return 0;
	l += 4;
	n -= 4;
	l = dk_trim(l, &n);
	for (e = l; e < l + n && *e != ' ' && *e != '{' && *e != '#'; e++)
		;
	if (e == l)
		return 0;
	name = xstrndup(l, (size_t)(e - l));
	if ((data = read_named(sc, "<<<", name, &path, &len)) == NULL)
		goto fail;
	for (k = 0; k < len; k++) {	/* a fence longer than any inside */
		run = data[k] == '`' ? run + 1 : 0;
		if (run >= ticks)
			ticks = run + 1;
	}
	for (k = 0; k < ticks; k++)
		buf_addc(&close, '`');
	buf_add(&open, close.ptr, close.len);
	while (e < l + n && *e == '#')	/* a #region name: not shown */
		while (e < l + n && *e != ' ' && *e != '{')
			e++;
	while (e < l + n && *e == ' ')
		e++;
	dot = strrchr(name, '.');
	if ((e < l + n && *e != '{') || !dot || strchr(dot, '/'))
		buf_add(&open, e, (size_t)(l + n - e));
	else {
		buf_adds(&open, dot + 1);
		buf_addc(&open, ' ');
		buf_add(&open, e, (size_t)(l + n - e));
	}
	dk_fence_open(sc, open.ptr, open.len, ticks);
	for (p = data, end = data + len; p < end; p = nl + 1) {
		if (!(nl = memchr(p, '\n', (size_t)(end - p))))
			nl = end;
		dk_fenced_line(sc, p, (size_t)(nl - p), '`', ticks);
	}
	dk_fenced_line(sc, close.ptr, close.len, '`', ticks);
	free(data);
	free(path);
fail:
	buf_free(&open);
	buf_free(&close);
	free(name);
	return 1;
}
