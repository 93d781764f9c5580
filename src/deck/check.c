/*
 * check.c: the deck part of `stratus check`: the parser's warnings, and
 * every shown slide composed at 80x24 by the presenter's own frame
 * composer to find the ones that overflow.
 */
#include "deck/check.h"
#include "deck/deck.h"
#include "deck/frame.h"
#include "core/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void
add(char ***problems, size_t *n, char *msg)
{
	*problems = xrealloc(*problems, (*n + 1) * sizeof **problems);
	(*problems)[(*n)++] = msg;
}

int
deck_check(const char *path, char ***problems, size_t *nproblems,
    char **cause)
{
	struct frame_opts o;
	struct deck *d;
	size_t i, before = *nproblems;
	int step;

	if (deck_load(path, &d, cause) < 0)
		return -1;
	for (i = 0; i < d->nwarnings; i++)
		add(problems, nproblems, xstrdup(d->warnings[i]));
	memset(&o, 0, sizeof o);
	o.width = CHECK_WIDTH;
	o.height = CHECK_HEIGHT;
	o.elapsed = -1;
	for (i = 0; i < d->nslides; i++) {
		const struct slide *s = &d->slides[i];
		int worst = 0, area = 0;

		if (s->hidden)
			continue;
		for (step = 0; step < s->nsteps; step++) {
			struct slide_frame f;

			slide_frame_compose(d, i, step, &o, &f);
			if (f.content_rows > worst)
				worst = f.content_rows;
			area = f.area_rows;
			slide_frame_clear(&f);
		}
		if (worst > area)
			add(problems, nproblems, xasprintf("%s:%d: slide %zu "
			    "(\"%s\") needs %d rows, %d fit in %dx%d; split "
			    "it or cut it", s->file, s->line, i + 1,
			    s->title, worst, area, CHECK_WIDTH,
			    CHECK_HEIGHT));
	}
	deck_free(d);
	return (int)(*nproblems - before);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
deck_check_dir(const char *dir, char ***problems, size_t *nproblems,
    char **cause)
{
	DIR *dp = opendir(dir);
	struct dirent *e;
	char **names = NULL, *path, *why = NULL;
	size_t n = 0, cap = 0, i, before = *nproblems;

	if (!dp)
		return fail(cause, "%s: %s", dir, strerror(errno));
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.' || !str_ends(e->d_name, ".md"))
			continue;
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, by_name);
	for (i = 0; i < n; i++) {
		path = path_join(dir, names[i]);
		if (deck_check(path, problems, nproblems, &why) < 0) {
			add(problems, nproblems, xasprintf("%s", why));
			free(why);
			why = NULL;
		}
		free(path);
		free(names[i]);
	}
	free(names);
	return (int)(*nproblems - before);
}
