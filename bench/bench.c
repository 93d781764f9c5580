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
 *        stratus-bench VAULT DB results QUERYFILE
 *        stratus-bench VAULT DB explain LIMIT QUERYFILE
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
 * The queries of qfile, one a line, or, typing, every prefix of each as
 * the explorer searches it while it is typed: "s", "se", "ser"... (not
 * inside a character). *nlines: the lines read.
 */
static char **
queries_read(const char *qfile, int typing, size_t *n, size_t *nlines)
{
	char *data, *cause = NULL, *line, *next, **v = NULL;
	size_t len, cap = 0, k, end;

	*n = *nlines = 0;
	if (read_file(qfile, 0, &data, &len, &cause) < 0) {
		fprintf(stderr, "stratus-bench: %s\n", cause);
		exit(1);
	}
	for (line = data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!*line)
			continue;
		end = strlen(line);
		for (k = typing ? 1 : end; k <= end; k++) {
			if (((unsigned char)line[k] & 0xc0) == 0x80)
				continue;
			v = xgrow(v, &cap, *n + 1, sizeof *v);
			v[(*n)++] = xstrndup(line, k);
		}
		(*nlines)++;
	}
	free(data);
	return v;
}

static void
queries_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* index_search_early()'s callback: when the first hits came. */
static void
bench_early(void *arg, const struct hit *v, size_t n)
{
	(void)v;
	(void)n;
	*(double *)arg = now_seconds();
}

/*
 * Search each line of qfile rounds times (limit 20), or, typing, each of
 * its prefixes (limit 200, the explorer's, or $BENCH_TYPING_LIMIT), with
 * the snippets of the first $BENCH_SNIPPETS hits only if set (the
 * explorer's whole list: index_search_snippets()). Reports wall and CPU
 * times; with $BENCH_EARLY, also the wall time to the first that many
 * hits (index_search_early(): the explorer's first screen), or to the
 * end of a search that has fewer.
 */
static int
bench_search(struct index *ix, long rounds, const char *qfile, int typing)
{
	char *cause = NULL, **qs;
	struct hit *h;
	size_t n, nv = 0, nq, nlines, hits = 0, i;
	double *v, *c, *e, t, ct, te;
	long r, tlimit = 200;
	int early = getenv("BENCH_EARLY") != NULL;

	if (getenv("BENCH_TYPING_LIMIT"))
		tlimit = rounds_of(getenv("BENCH_TYPING_LIMIT"));
	if (getenv("BENCH_SNIPPETS"))
		index_search_snippets(ix, (int)rounds_of(
		    getenv("BENCH_SNIPPETS")));
	if (early)
		index_search_early(ix, (int)rounds_of(getenv("BENCH_EARLY")),
		    bench_early, &te);
	qs = queries_read(qfile, typing, &nq, &nlines);
	v = xcalloc(nq * (size_t)rounds + 1, sizeof *v);
	c = xcalloc(nq * (size_t)rounds + 1, sizeof *c);
	e = xcalloc(nq * (size_t)rounds + 1, sizeof *e);
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < nq; i++) {
			ct = cpu_seconds();
			t = now_seconds();
			te = 0;
			if (index_search(ix, qs[i], typing ? tlimit : 20, &h,
			    &n, &cause) < 0) {
				fprintf(stderr, "stratus-bench: %s: %s\n",
				    qs[i], cause);
				return 1;
			}
			v[nv] = (now_seconds() - t) * 1e3;
			e[nv] = te > 0 ? (te - t) * 1e3 : v[nv];
			c[nv++] = (cpu_seconds() - ct) * 1e3;
			if (getenv("BENCH_VERBOSE"))
				fprintf(stderr, "%8.3f ms cpu %8.3f ms wall "
				    "%8.3f ms early %3zu hits  %s\n", c[nv - 1],
				    v[nv - 1], e[nv - 1], n, qs[i]);
			hits += n;
			hits_free(h, n);
		}
	}
	printf("queries %zu\n", nlines);
	printf("hits_per_query %.1f\n", (double)hits / (double)(nv ? nv : 1));
	report(typing ? "typing" : "search", v, nv);
	report(typing ? "typing_cpu" : "search_cpu", c, nv);
	if (early) {
		report(typing ? "typing_early" : "search_early", e, nv);
		index_search_early(ix, 0, NULL, NULL);	/* te goes */
	}
	free(v);
	free(c);
	free(e);
	queries_free(qs, nq);
	return 0;
}

/*
 * Print what every prefix of each line of qfile finds, with the search
 * command's, the explorer's first and its full limits: one line a hit
 * (limit, query, position, path, score, snippet), for diff(1) between
 * two builds, or with $BENCH_PLAIN set, between a search with and
 * without the plan of its filters (index_search_plain).
 */
static int
bench_results(struct index *ix, const char *qfile)
{
	static const int limits[] = { 20, 40, 200 };
	char *cause = NULL, **qs;
	struct hit *h;
	size_t n, nq, nlines, i, j, l;

	qs = queries_read(qfile, 1, &nq, &nlines);
	index_search_plain(ix, getenv("BENCH_PLAIN") != NULL);
	for (i = 0; i < nq; i++) {
		for (l = 0; l < sizeof limits / sizeof limits[0]; l++) {
			if (index_search(ix, qs[i], limits[l], &h, &n,
			    &cause) < 0) {
				fprintf(stderr, "stratus-bench: %s: %s\n",
				    qs[i], cause);
				return 1;
			}
			printf("%d\t%s\t%zu hits\n", limits[l], qs[i], n);
			for (j = 0; j < n; j++)
				printf("%d\t%s\t%zu\t%s\t%.17g\t%s\n",
				    limits[l], qs[i], j, h[j].doc.path,
				    h[j].score, h[j].snippet);
			hits_free(h, n);
		}
	}
	queries_free(qs, nq);
	return 0;
}

/* index_search_trace's callback: the CPU time since the last call (*arg:
 * its time), then the statement and its plan. */
static void
print_plan(void *arg, const char *sql, const char *plan)
{
	double *last = arg, t = cpu_seconds();
	const char *p, *nl;

	printf("  (%.2f ms)\n  %s\n", (t - *last) * 1e3, sql);
	for (p = plan; *p; p = nl + 1) {
		if (!(nl = strchr(p, '\n')))
			break;
		printf("    %.*s\n", (int)(nl - p), p);
	}
	*last = cpu_seconds();
}

/* The statements each line of qfile runs (limit), with their plans. */
static int
bench_explain(struct index *ix, long limit, const char *qfile)
{
	char *cause = NULL, **qs;
	struct hit *h;
	size_t n, nq, nlines, i;
	double ct, last;

	qs = queries_read(qfile, 0, &nq, &nlines);
	for (i = 0; i < nq; i++) {
		printf("== %s (limit %ld)\n", qs[i], limit);
		index_search_trace(ix, print_plan, &last);
		ct = last = cpu_seconds();
		if (index_search(ix, qs[i], (int)limit, &h, &n, &cause) < 0) {
			fprintf(stderr, "stratus-bench: %s: %s\n", qs[i],
			    cause);
			return 1;
		}
		printf("  (%.2f ms)\n", (cpu_seconds() - last) * 1e3);
		ct = cpu_seconds() - ct;
		index_search_trace(ix, NULL, NULL);
		printf("  -> %zu hits, %.2f ms of CPU (with the plans)\n", n,
		    ct * 1e3);
		hits_free(h, n);
	}
	queries_free(qs, nq);
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
		    "| typing N QUERYFILE | results QUERYFILE | explain LIMIT "
		    "QUERYFILE | backlinks N SLUG\n");
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
	} else if (strcmp(argv[3], "results") == 0 && argc > 4) {
		struct index_stats st;

		update_or_die(ix, 0, &st);
		rc = bench_results(ix, argv[4]);
	} else if (strcmp(argv[3], "explain") == 0 && argc > 5) {
		struct index_stats st;

		update_or_die(ix, 0, &st);
		rc = bench_explain(ix, rounds_of(argv[4]), argv[5]);
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
