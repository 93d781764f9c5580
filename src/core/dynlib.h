/*
 * dynlib.h: libraries opened when first needed (dlopen) instead of at
 * process start. A library linked into the binary is loaded and
 * relocated by every run, `stratus --version` included; the ones only
 * sync (libcurl, libcrypto) or pictures (stratus-media.so) use are opened
 * by the first call that needs them, once per process, and stay open.
 *
 * The caller describes the functions it wants as a table: a struct of
 * function pointers (typed with __typeof__ of the library's own
 * declarations, so a call through the table is checked like a direct
 * one) and a list of {symbol name, offset in that struct}.
 */
#ifndef STRATUS_DYNLIB_H
#define STRATUS_DYNLIB_H

#include <pthread.h>
#include <stddef.h>

struct dynsym {
	const char *name;
	size_t off;		/* of the function pointer in the table */
};
/* One entry: DYNSYM(struct curl_fns, easy_init, "curl_easy_init"). */
#define DYNSYM(type, field, sym) { (sym), offsetof(type, field) }

/* A library's state: loaded once, or the reason it cannot be. */
struct dynlib {
	pthread_mutex_t lock;
	int tried;
	void *handle;		/* NULL until loaded */
	char *error;		/* why it could not be, once tried */
};
#define DYNLIB_INIT { PTHREAD_MUTEX_INITIALIZER, 0, NULL, NULL }

/*
 * Load l once: the first call opens the first of names (a NULL-terminated
 * list of sonames or paths, tried in order) that loads and has every
 * symbol of syms[0..nsyms), and fills table; later calls answer at once
 * with what the first found. Returns 0, or -1 and *cause, "WHAT: why"
 * (what: "sync needs libcurl"). Thread-safe; the library is never
 * closed.
 */
int dynlib_load(struct dynlib *l, const char *what, const char *const *names,
    const struct dynsym *syms, size_t nsyms, void *table, char **cause);
/* Why l could not be loaded, or NULL (not tried yet, or loaded). The
 * string lives as long as the process. */
const char *dynlib_error(struct dynlib *l);

#endif
