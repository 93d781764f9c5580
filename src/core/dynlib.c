/*
 * dynlib.c: opening a library on first use and filling a table of its
 * functions from their names (dynlib.h).
 */
#include "core/dynlib.h"
#include "core/util.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Open name and resolve every symbol into table; NULL and *why. */
static void *
open_one(const char *name, const struct dynsym *syms, size_t nsyms,
    void *table, char **why)
{
	void *h, *f;
	size_t i;

	/* RTLD_NOW: a missing symbol is an error here, not a crash at
	 * its first call; RTLD_LOCAL: nothing of it leaks into the
	 * lookups of other libraries. */
	dlerror();
	if (!(h = dlopen(name, RTLD_NOW | RTLD_LOCAL))) {
		const char *e = dlerror();

		*why = xstrdup(e ? e : name);
		return NULL;
	}
	for (i = 0; i < nsyms; i++) {
		dlerror();
		f = dlsym(h, syms[i].name);
		if (!f) {
			*why = xasprintf("%s: no %s", name, syms[i].name);
			dlclose(h);
			return NULL;
		}
		/* POSIX: a data pointer from dlsym holds the function */
		memcpy((char *)table + syms[i].off, &f, sizeof f);
	}
	return h;
}

int
dynlib_load(struct dynlib *l, const char *what, const char *const *names,
    const struct dynsym *syms, size_t nsyms, void *table, char **cause)
{
	char *why = NULL, *e;
	int rc, kept_exists = 0, exists;
	size_t i;

	pthread_mutex_lock(&l->lock);
	if (!l->tried) {
		l->tried = 1;
		for (i = 0; names[i] && !l->handle; i++) {
			e = NULL;
			l->handle = open_one(names[i], syms, nsyms, table, &e);
			/* the reason told is the first candidate's, unless a
			 * later one is a file that is there but cannot load
			 * (a library it needs is missing): that one says
			 * what to install */
			exists = strchr(names[i], '/') &&
			    access(names[i], F_OK) == 0;
			if (e && (!why || (exists && !kept_exists))) {
				free(why);
				why = e;
				kept_exists = exists;
			} else {
				free(e);
			}
		}
		if (!l->handle)
			l->error = xasprintf("%s: %s", what,
			    why ? why : "no candidate");
		free(why);
	}
	rc = l->handle ? 0 : -1;
	if (rc < 0)
		fail(cause, "%s", l->error);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

const char *
dynlib_error(struct dynlib *l)
{
	const char *e;

	pthread_mutex_lock(&l->lock);
	e = l->error;
	pthread_mutex_unlock(&l->lock);
	return e;
}
