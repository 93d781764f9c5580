/*
 * sync_servers.h: for the sync unit tests, start the AWS stand-ins
 * (tests/sync/servers.js: dynalite and s3rver on free ports of 127.0.0.1)
 * and fault proxies in front of them, and stop them again. The children
 * also exit by themselves when this process is gone, so a crashed test
 * leaves nothing running. Included by tests only (static functions).
 */
#ifndef STRATUS_TEST_SYNC_SERVERS_H
#define STRATUS_TEST_SYNC_SERVERS_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"

#define TEST_KEY "AKIDSTRATUSTEST"
#define TEST_SECRET "stratus-test-secret"
#define TEST_TABLE "stratus-test-knowledge-graph"
#define TEST_BUCKET "stratus-test-bucket"

struct test_servers {
	char *dir;
	pid_t pids[8];
	int npids;
	char *ddb_url, *s3_url;
};

static char *
ts_wait_read(const char *path, double seconds)
{
	double end = now_seconds() + seconds;
	char *data = NULL;
	size_t len;

	while (now_seconds() < end) {
		if (read_file(path, 4096, &data, &len, NULL) == 0 && len > 0)
			return data;
		free(data);
		data = NULL;
		usleep(50000);
	}
	return NULL;
}

static pid_t
ts_spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static long
ts_port(const char *text, const char *key)
{
	const char *s = strstr(text, key);
	long v = -1;
	char *end;

	if (s) {
		v = strtol(s + strlen(key), &end, 10);
	}
	return v;
}

/* Start dynalite and s3rver; 0 or -1 (with a message on stderr). */
static int
ts_start(struct test_servers *ts)
{
	char tmpl[] = "/tmp/stratus-test-XXXXXX", *ports, *text;
	char parent[32];
	char *argv[16];
	int i = 0;

	memset(ts, 0, sizeof *ts);
	if (!mkdtemp(tmpl))
		return -1;
	ts->dir = xstrdup(tmpl);
	ports = xasprintf("%s/ports", ts->dir);
	snprintf(parent, sizeof parent, "%ld", (long)getpid());
	argv[i++] = "node";
	argv[i++] = "sync/servers.js";
	argv[i++] = "--dir";
	argv[i++] = ts->dir;
	argv[i++] = "--ports";
	argv[i++] = ports;
	argv[i++] = "--parent";
	argv[i++] = parent;
	argv[i++] = "--key";
	argv[i++] = TEST_KEY;
	argv[i++] = "--secret";
	argv[i++] = TEST_SECRET;
	argv[i++] = NULL;
	ts->pids[ts->npids++] = ts_spawn(argv);
	text = ts_wait_read(ports, 30);
	free(ports);
	if (!text) {
		fprintf(stderr, "the stand-ins did not start (node, "
		    "tests/node_modules: run scripts/deps.sh)\n");
		return -1;
	}
	ts->ddb_url = xasprintf("http://127.0.0.1:%ld",
	    ts_port(text, "DDB_PORT="));
	ts->s3_url = xasprintf("http://127.0.0.1:%ld",
	    ts_port(text, "S3_PORT="));
	free(text);
	return 0;
}

/* A fault proxy in front of target; returns its URL (caller frees). */
static char *
ts_proxy(struct test_servers *ts, const char *target, const char *faults,
    const char *every, const char *slow_ms)
{
	static int seq;
	char *portfile = xasprintf("%s/proxy-%d", ts->dir, ++seq);
	char *log = xasprintf("%s/proxy-%d.log", ts->dir, seq);
	char parent[32], *argv[20], *text, *url = NULL;
	int i = 0;

	snprintf(parent, sizeof parent, "%ld", (long)getpid());
	argv[i++] = "node";
	argv[i++] = "sync/faultproxy.js";
	argv[i++] = "--target";
	argv[i++] = (char *)target;
	argv[i++] = "--port-file";
	argv[i++] = portfile;
	argv[i++] = "--log";
	argv[i++] = log;
	argv[i++] = "--faults";
	argv[i++] = (char *)faults;
	argv[i++] = "--every";
	argv[i++] = (char *)every;
	argv[i++] = "--slow-ms";
	argv[i++] = (char *)slow_ms;
	argv[i++] = "--parent";
	argv[i++] = parent;
	argv[i++] = NULL;
	if (ts->npids < 8)
		ts->pids[ts->npids++] = ts_spawn(argv);
	text = ts_wait_read(portfile, 10);
	if (text) {
		url = xasprintf("http://127.0.0.1:%s", text);
		free(text);
	}
	free(portfile);
	free(log);
	return url;
}

static void
ts_stop(struct test_servers *ts)
{
	int i;
	char *cmd;

	for (i = 0; i < ts->npids; i++)
		if (ts->pids[i] > 0)
			kill(ts->pids[i], SIGTERM);
	for (i = 0; i < ts->npids; i++)
		if (ts->pids[i] > 0)
			waitpid(ts->pids[i], NULL, 0);
	if (ts->dir) {
		cmd = xasprintf("rm -rf '%s'", ts->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", ts->dir);
		free(cmd);
	}
	free(ts->dir);
	free(ts->ddb_url);
	free(ts->s3_url);
	memset(ts, 0, sizeof *ts);
}

#endif
