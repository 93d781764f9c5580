/*
 * media.c: finding and opening stratus-media.so on first use (media.h
 * says why it is a module and where it is looked for).
 */
#include "render/media.h"
#include "core/dynlib.h"
#include "core/util.h"

#include <stdlib.h>

struct media_entry {
	const struct media_api *(*api)(void);
};

static const struct dynsym entry_syms[] = {
	DYNSYM(struct media_entry, api, MEDIA_ENTRY),
};

static struct dynlib media_lib = DYNLIB_INIT;
static struct media_entry entry;

/* The candidate paths, NULL-terminated, into out[0..5]; caller frees
 * each. */
static void
candidates(char **out)
{
	const char *env = getenv("STRATUS_LIBDIR");
	char *bin;
	int k = 0;

	if (env && *env) {
		out[k++] = path_join(env, MEDIA_MODULE);
		out[k] = NULL;
		return;
	}
	if ((bin = self_dir()) != NULL) {
		char *prefix = path_dir(bin), *lib;

		out[k++] = path_join(bin, MEDIA_MODULE);
		lib = path_join(prefix, STRATUS_LIBDIR_REL "/stratus");
		out[k++] = path_join(lib, MEDIA_MODULE);
		free(lib);
		free(bin);
		free(prefix);
	}
	out[k++] = xstrdup(STRATUS_LIBDIR_FULL "/stratus/" MEDIA_MODULE);
	out[k++] = xstrdup(STRATUS_BUILDDIR "/" MEDIA_MODULE);
	out[k] = NULL;
}

const struct media_api *
media_get(char **cause)
{
	static const struct media_api *api;
	const struct media_api *a;
	char *names[5];
	size_t i;
	int rc;

	if ((a = __atomic_load_n(&api, __ATOMIC_ACQUIRE)) != NULL)
		return a;
	candidates(names);
	rc = dynlib_load(&media_lib, "pictures and the PDF export need "
	    MEDIA_MODULE, (const char *const *)names, entry_syms, 1, &entry,
	    cause);
	for (i = 0; names[i]; i++)
		free(names[i]);
	if (rc < 0)
		return NULL;
	/* the entry returns the module's one constant table */
	a = entry.api();
	if (!a || a->abi != MEDIA_ABI) {
		fail(cause, "%s is from another build of stratus (ABI %d, "
		    "not %d)", MEDIA_MODULE, a ? a->abi : -1, MEDIA_ABI);
		return NULL;
	}
	__atomic_store_n(&api, a, __ATOMIC_RELEASE);
	return a;
}

const char *
media_error(void)
{
	return dynlib_error(&media_lib);
}
