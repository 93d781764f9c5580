/*
 * bench.c: stratus-bench, the in-process benchmark driver: times
 * index_update, index_search and index_backlinks without process start-up
 * (more precise than timing the stratus binary). bench/run.sh runs it.
 * Prints "key value" lines; times in milliseconds.
 *
 * usage: stratus-bench VAULT DB index [full]
 *        stratus-bench VAULT DB noop ROUNDS
 *        stratus-bench VAULT DB onefile ROUNDS FILE
 *        stratus-bench VAULT DB addfile ROUNDS
 *        stratus-bench VAULT DB search ROUNDS QUERYFILE
 *        stratus-bench VAULT DB typing ROUNDS QUERYFILE
 *        stratus-bench VAULT DB backlinks ROUNDS SLUG
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/index.h"
#include "core/util.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Print p50, p99, mean and max of v (n values, sorted here). */
static void
report(const char *name, double *v, size_t n)
{
	double sum = 0;
	size_t i;

	if (n == 0)
		return;
	qsort(v, n, sizeof *v, cmp_double);
	for (i = 0; i < n; i++)
		sum += v[i];
	printf("%s_n %zu\n", name, n);
	printf("%s_p50_ms %.3f\n", name, v[n / 2]);
	printf("%s_p99_ms %.3f\n", name, v[(n * 99) / 100 < n ?
	    (n * 99) / 100 : n - 1]);
	printf("%s_mean_ms %.3f\n", name, sum / (double)n);
	printf("%s_max_ms %.3f\n", name, v[n - 1]);
}

/* CPU seconds of this thread: less disturbed than wall time when the
 * machine is shared. */
static double
cpu_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
maxrss(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	printf("maxrss_kb %ld\n", ru.ru_maxrss);
	printf("cpu_ms %.1f\n", (double)(ru.ru_utime.tv_sec +
	    ru.ru_stime.tv_sec) * 1e3 + (double)(ru.ru_utime.tv_usec +
	    ru.ru_stime.tv_usec) / 1e3);
}

static void
update_or_die(struct index *ix, int full, struct index_stats *st)
{
	char *cause = NULL;

	if (index_update(ix, full, st, &cause) < 0) {
		fprintf(stderr, "stratus-bench: %s\n", cause);
		exit(1);
	}
}

static long
rounds_of(const char *s)
{
	long v;

	if (!s || parse_int(s, 1, 1000000, &v) < 0) {
		fprintf(stderr, "stratus-bench: bad round count\n");
		exit(2);
	}
	return v;
}

static int
bench_index(struct index *ix, int full)
{
	struct index_stats st;
	double t = now_seconds();

	update_or_die(ix, full, &st);
	printf("index_ms %.1f\n", (now_seconds() - t) * 1e3);
	printf("files %ld\nadded %ld\nchanged %ld\nremoved %ld\n", st.files,
	    st.added, st.changed, st.removed);
	return 0;
}

static int
bench_noop(struct index *ix, long rounds)
{
	struct index_stats st;
	double *v = xcalloc((size_t)rounds, sizeof *v), t, ct;
	double *c = xcalloc((size_t)rounds, sizeof *c);
	long i;

	update_or_die(ix, 0, &st);
	for (i = 0; i < rounds; i++) {
		ct = cpu_seconds();
		t = now_seconds();
		update_or_die(ix, 0, &st);
		v[i] = (now_seconds() - t) * 1e3;
		c[i] = (cpu_seconds() - ct) * 1e3;
		if (st.changed || st.added || st.removed) {
			fprintf(stderr, "stratus-bench: the vault changed\n");
			return 1;
		}
	}
	report("noop", v, (size_t)rounds);
	report("noop_cpu", c, (size_t)rounds);
	free(v);
	free(c);
	return 0;
}

/* Rewrite file with one extra line (or without it), then update. */
static int
bench_onefile(struct index *ix, long rounds, const char *file)
{
	struct index_stats st;
	double *v = xcalloc((size_t)rounds, sizeof *v), t, ct;
	double *c = xcalloc((size_t)rounds, sizeof *c);
	char *path = path_join(index_vault(ix), file), *data, *cause = NULL;
	char *orig;
	size_t len, olen;
	long i;

	if (read_file(path, 0, &orig, &olen, &cause) < 0) {
		fprintf(stderr, "stratus-bench: %s\n", cause);
		return 1;
	}
	update_or_die(ix, 0, &st);
	for (i = 0; i < rounds; i++) {
		struct buf b = BUF_INIT;

		buf_add(&b, orig, olen);
		if (i % 2 == 0)
			buf_printf(&b, "\nbenchword%ld added.\n", i);
		len = b.len;
		data = buf_take(&b);
		if (write_file_atomic(path, data, len, &cause) < 0) {
			fprintf(stderr, "stratus-bench: %s\n", cause);
			return 1;
		}
		free(data);
		ct = cpu_seconds();
		t = now_seconds();
		update_or_die(ix, 0, &st);
		v[i] = (now_seconds() - t) * 1e3;
		c[i] = (cpu_seconds() - ct) * 1e3;
		if (st.changed != 1) {
			fprintf(stderr, "stratus-bench: %ld changed, not 1\n",
			    st.changed);
			return 1;
		}
	}
	write_file_atomic(path, orig, olen, &cause);
	update_or_die(ix, 0, &st);
	report("onefile", v, (size_t)rounds);
	report("onefile_cpu", c, (size_t)rounds);
	free(v);
	free(c);
	free(orig);
	free(path);
	return 0;
}

/*
 * Add a new note (a new name: every link is resolved again), update; then
 * remove it and update again. Both are timed.
 */
static int
bench_addfile(struct index *ix, long rounds)
{
	struct index_stats st;
	double *a = xcalloc((size_t)rounds, sizeof *a);
	double *r = xcalloc((size_t)rounds, sizeof *r), t;
	char *path, *cause = NULL, *text;
	long i;

	update_or_die(ix, 0, &st);
	for (i = 0; i < rounds; i++) {
		path = xasprintf("%s/bench-added-%ld.md", index_vault(ix), i);
		text = xasprintf("# Bench added %ld\n\nLinks to "
		    "[[bench-added-%ld]] and [[start-here]].\n", i, i + 1);
		if (write_file_atomic(path, text, strlen(text), &cause) < 0) {
			fprintf(stderr, "stratus-bench: %s\n", cause);
			return 1;
		}
		t = now_seconds();
		update_or_die(ix, 0, &st);
		a[i] = (now_seconds() - t) * 1e3;
		if (st.added != 1)
			return 1;
		unlink(path);
		t = now_seconds();
		update_or_die(ix, 0, &st);
		r[i] = (now_seconds() - t) * 1e3;
		if (st.removed != 1)
			return 1;
		free(path);
		free(text);
	}
	report("addfile", a, (size_t)rounds);
	report("removefile", r, (size_t)rounds);
	free(a);
	free(r);
	return 0;
}

/*
 * Search each line of qfile rounds times (limit 20), or, typing, each of
 * its prefixes as the explorer does while it is typed (limit 200, the
 * explorer's, or $BENCH_TYPING_LIMIT): "s", "se", "ser"... Reports wall
 * and CPU times.
 */
static int
bench_search(struct index *ix, long rounds, const char *qfile, int typing)
{
	char *data, *cause = NULL, *line, *next, *typed;
	struct hit *h;
	size_t len, n, nv = 0, cap = 0, ccap = 0, nq = 0, hits = 0, k, end;
	double *v = NULL, *c = NULL, t, ct;
	long r, tlimit = 200;

	if (getenv("BENCH_TYPING_LIMIT"))
		tlimit = rounds_of(getenv("BENCH_TYPING_LIMIT"));
	if (read_file(qfile, 0, &data, &len, &cause) < 0) {
		fprintf(stderr, "stratus-bench: %s\n", cause);
		return 1;
	}
	for (r = 0; r < rounds; r++) {
		for (line = data; line && *line; line = next) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			if (!*line)
				continue;
			end = strlen(line);
			for (k = typing ? 1 : end; k <= end; k++) {
				if (((unsigned char)line[k] & 0xc0) == 0x80)
					continue;	/* inside a character */
				typed = xstrndup(line, k);
				ct = cpu_seconds();
				t = now_seconds();
				if (index_search(ix, typed, typing ? tlimit :
				    20, &h, &n, &cause) < 0) {
					fprintf(stderr, "stratus-bench: %s: "
					    "%s\n", typed, cause);
					return 1;
				}
				v = xgrow(v, &cap, nv + 1, sizeof *v);
				c = xgrow(c, &ccap, nv + 1, sizeof *c);
				v[nv] = (now_seconds() - t) * 1e3;
				c[nv++] = (cpu_seconds() - ct) * 1e3;
				if (getenv("BENCH_VERBOSE"))
					fprintf(stderr, "%8.3f ms cpu %8.3f ms "
					    "wall %3zu hits  %s\n", c[nv - 1],
					    v[nv - 1], n, typed);
				hits += n;
				hits_free(h, n);
				free(typed);
			}
			if (r == 0)
				nq++;
			if (next)
				next[-1] = '\n';
		}
	}
	printf("queries %zu\n", nq);
	printf("hits_per_query %.1f\n", (double)hits / (double)(nv ? nv : 1));
	report(typing ? "typing" : "search", v, nv);
	report(typing ? "typing_cpu" : "search_cpu", c, nv);
	free(v);
	free(c);
	free(data);
	return 0;
}

static int
bench_backlinks(struct index *ix, long rounds, const char *slug)
{
	struct linkrow *l;
	double *v = xcalloc((size_t)rounds, sizeof *v), t, ct;
	double *c = xcalloc((size_t)rounds, sizeof *c);
	size_t n = 0;
	long i;

	for (i = 0; i < rounds; i++) {
		ct = cpu_seconds();
		t = now_seconds();
		if (index_backlinks(ix, slug, NULL, &l, &n) < 0) {
			fprintf(stderr, "stratus-bench: backlinks failed\n");
			return 1;
		}
		v[i] = (now_seconds() - t) * 1e3;
		c[i] = (cpu_seconds() - ct) * 1e3;
		linkrows_free(l, n);
	}
	printf("backlinks_rows %zu\n", n);
	report("backlinks", v, (size_t)rounds);
	report("backlinks_cpu", c, (size_t)rounds);
	free(v);
	free(c);
	return 0;
}

int
main(int argc, char **argv)
{
	struct index_opts o;
	struct index *ix;
	char *cause = NULL, *vault;
	int rc = 2;

	if (argc < 4) {
		fprintf(stderr, "usage: stratus-bench VAULT DB index [full] | "
		    "noop N | onefile N FILE | addfile N | search N QUERYFILE "
		    "| typing N QUERYFILE | backlinks N SLUG\n");
		return 2;
	}
	vault = path_real(argv[1]);
	if (!vault) {
		fprintf(stderr, "stratus-bench: %s: no such folder\n", argv[1]);
		return 2;
	}
	memset(&o, 0, sizeof o);
	o.vault = vault;
	o.db_path = argv[2];
	o.progress = 0;
	if (index_open(&o, &ix, &cause) < 0) {
		fprintf(stderr, "stratus-bench: %s\n", cause);
		return 1;
	}
	if (strcmp(argv[3], "index") == 0)
		rc = bench_index(ix, argc > 4 && strcmp(argv[4], "full") == 0);
	else if (strcmp(argv[3], "noop") == 0)
		rc = bench_noop(ix, rounds_of(argv[4]));
	else if (strcmp(argv[3], "addfile") == 0 && argc > 4)
		rc = bench_addfile(ix, rounds_of(argv[4]));
	else if (strcmp(argv[3], "onefile") == 0 && argc > 5)
		rc = bench_onefile(ix, rounds_of(argv[4]), argv[5]);
	else if ((strcmp(argv[3], "search") == 0 ||
	    strcmp(argv[3], "typing") == 0) && argc > 5) {
		struct index_stats st;

		update_or_die(ix, 0, &st);
		rc = bench_search(ix, rounds_of(argv[4]), argv[5],
		    strcmp(argv[3], "typing") == 0);
	} else if (strcmp(argv[3], "backlinks") == 0 && argc > 5) {
		struct index_stats st;

		update_or_die(ix, 0, &st);
		rc = bench_backlinks(ix, rounds_of(argv[4]), argv[5]);
	} else
		fprintf(stderr, "stratus-bench: unknown command %s\n",
		    argv[3]);
	index_close(ix);
	maxrss();
	free(vault);
	return rc;
}
