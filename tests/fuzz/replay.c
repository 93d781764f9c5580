/*
 * replay.c: the main() of a fuzz target built as a plain program (gcc, no
 * libFuzzer), so that `make test` replays the saved inputs of every
 * target: each argument is a file, or a folder whose files (sorted by
 * name, dot files skipped) are each given once to LLVMFuzzerTestOneInput,
 * after LLVMFuzzerInitialize when the target has one. A broken promise
 * aborts in the target (CHECK), so ctest sees the crash; the last
 * "replay: FILE" line on stderr names the input.
 *
 *   fuzz_NAME-replay FILE_OR_FOLDER...
 *
 * Exit 0 when every input ran, 1 when an argument could not be read or
 * held no input at all (a regression folder emptied by mistake), 2 usage.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Defined by the targets that need setup (fuzz_query's index). */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* Read path whole into a malloc'd buffer (never NULL on success, even
 * for an empty file); -1 when it cannot be read. */
static int
slurp(const char *path, uint8_t **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL, *nb;
	size_t cap = 0, n = 0, got;

	if (!f)
		goto fail;
	for (;;) {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			if (!(nb = realloc(b, cap)))
				goto fail;
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*out = b;
	*len = n;
	return 0;
fail:
	perror(path);
	if (f)
		fclose(f);
	free(b);
	return -1;
}

/* Run one input; -1 when it cannot be read. */
static int
run_file(const char *path)
{
	uint8_t *data, *copy;
	size_t len;

	if (slurp(path, &data, &len) < 0)
		return -1;
	fprintf(stderr, "replay: %s (%zu bytes)\n", path, len);
	/* an exact-size copy, as libFuzzer gives, so a read past the end
	 * is caught by a sanitizer build */
	copy = malloc(len ? len : 1);
	if (!copy) {
		free(data);
		perror("replay");
		return -1;
	}
	if (len)
		memcpy(copy, data, len);
	free(data);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
skip_dot(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Run every file of a folder; the number run, -1 on a read error. */
static int
run_dir(const char *dir)
{
	struct dirent **ents;
	struct stat st;
	char path[4096];
	int i, n, ran = 0, rc = 0;

	if ((n = scandir(dir, &ents, skip_dot, by_name)) < 0) {
		perror(dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((size_t)snprintf(path, sizeof path, "%s/%s", dir,
		    ents[i]->d_name) >= sizeof path) {
			fprintf(stderr, "replay: %s/%s: path too long\n", dir,
			    ents[i]->d_name);
			rc = -1;
		} else if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(path) < 0)
				rc = -1;
			else
				ran++;
		}
		free(ents[i]);
	}
	free(ents);
	return rc < 0 ? -1 : ran;
}

int
main(int argc, char **argv)
{
	struct stat st;
	int i, n, total = 0, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE_OR_FOLDER...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) < 0) {
			perror(argv[i]);
			status = 1;
			continue;
		}
		n = S_ISDIR(st.st_mode) ? run_dir(argv[i]) :
		    (run_file(argv[i]) < 0 ? -1 : 1);
		if (n <= 0) {
			if (n == 0)
				fprintf(stderr, "replay: %s: no input\n",
				    argv[i]);
			status = 1;
			continue;
		}
		total += n;
	}
	printf("replay: %d inputs, %s\n", total, status ? "some unreadable" :
	    "all passed");
	return status;
}
