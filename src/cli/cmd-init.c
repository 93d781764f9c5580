/* cmd-init.c: `stratus init DIR`, a new vault from the bundled notes. */
#include "cli/cli.h"
#include "core/util.h"
#include "core/vault.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct init_copy {
	const char *dest;
	long copied;
	int failed;
};

static int
copy_one(const struct vault_file *f, void *arg)
{
	struct init_copy *ic = arg;
	char *data = NULL, *cause = NULL, *to;
	size_t len;

	if (read_file(f->abspath, 0, &data, &len, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		ic->failed = 1;
		return 1;
	}
	to = path_join(ic->dest, f->path);
	if (write_file_atomic(to, data, len, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		ic->failed = 1;
	} else
		ic->copied++;
	free(to);
	free(data);
	return ic->failed;
}

static void
copy_warn(const char *path, const char *why, void *arg)
{
	warnmsg("%s: %s", path, why);
}

/* 1 when dir is missing or empty. */
static int
dir_is_empty(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int empty = 1;

	if (!d)
		return errno == ENOENT;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	closedir(d);
	return empty;
}

static int
init_exec(struct cli *c, int argc, char **argv)
{
	struct init_copy ic = {0};
	char *src, *cfg, *cause = NULL;

	if (argc != 2)
		return cli_usage(&cmd_init, "which folder?");
	if (!dir_is_empty(argv[1])) {
		errmsg("%s already exists and is not empty; init writes only "
		    "into a new or empty folder", argv[1]);
		return EXIT_RUNTIME;
	}
	if (mkdir_p(argv[1], &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		return EXIT_RUNTIME;
	}
	src = path_join(data_dir(), "content");
	ic.dest = argv[1];
	if (vault_walk(src, copy_one, copy_warn, &ic, &cause) < 0) {
		errmsg("%s", cause);
		free(cause);
		free(src);
		return EXIT_RUNTIME;
	}
	free(src);
	if (ic.failed)
		return EXIT_RUNTIME;
	cfg = xdg_config_dir();
	printf("Started a vault in %s with %ld notes.\n"
	    "Open it with:  stratus --vault %s\n"
	    "or make it the default: [core] vault = %s in %s/config\n",
	    argv[1], ic.copied, argv[1], argv[1], cfg);
	free(cfg);
	return EXIT_OK;
}

const struct command cmd_init = {
	.name = "init",
	.usage = "init DIR",
	.summary = "start a new vault from the bundled notes",
	.help =
	    "Copies the bundled notes into DIR, which must be new or empty,\n"
	    "so that you have something to explore, edit and link to.\n\n"
	    "example:\n"
	    "  stratus init ~/notes && stratus --vault ~/notes\n",
	.exec = init_exec,
};
