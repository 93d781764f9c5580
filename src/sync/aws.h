/*
 * aws.h: requests to DynamoDB (JSON 1.0) and S3, signed by libcurl
 * (CURLOPT_AWS_SIGV4, with x-amz-content-sha256 computed here), and plain
 * HTTPS GETs for the read API. Throttling, 5xx answers, timeouts and
 * dropped connections are retried with exponential backoff and jitter,
 * bounded in attempts and in time; any other error ends the request with
 * a one-line cause saying which call and what AWS answered. Many requests
 * run at once through the libcurl multi interface (aws_run).
 *
 * TLS certificates are always checked; there is no way to turn that off.
 * Credentials never appear in a cause.
 */
#ifndef STRATUS_AWS_H
#define STRATUS_AWS_H

#include <stddef.h>

#include "core/buf.h"

struct aws_creds;
struct cJSON;

/* Results of a request (0 is success). */
enum {
	AWS_OK = 0,
	AWS_ERR = -1,		/* failed: cause says why */
	AWS_CONDITION = -2,	/* ConditionalCheckFailedException */
	AWS_NOTFOUND = -3,	/* 404 */
	AWS_TOOBIG = -4,	/* the answer is larger than the bound */
	AWS_NOTMODIFIED = -5,	/* 304 to an If-None-Match */
};

struct aws_opts {
	const struct aws_creds *creds;	/* NULL: unsigned (read API) */
	const char *region;
	const char *ddb_endpoint;	/* NULL: https://dynamodb.REGION.amazonaws.com */
	const char *s3_endpoint;	/* NULL: https://BUCKET.s3.REGION.amazonaws.com;
					 * else path style ENDPOINT/BUCKET/KEY */
	const char *bucket;
	const char *bearer;		/* "Authorization: Bearer" token, or NULL */
	int parallel;			/* transfers at once; 0: 16 */
	int max_attempts;		/* per request; 0: 8 */
	double max_seconds;		/* per request, retries included; 0: 60 */
	long timeout_ms;		/* one attempt; 0: 20000 */
	double backoff_base;		/* seconds; 0: 0.05 */
	double backoff_cap;		/* seconds; 0: 4 */
};

struct aws;

struct aws_stats {
	long requests;		/* attempts sent, retries included */
	long retries;
	long ddb, s3, http;	/* attempts by service */
};

struct aws_req;

int aws_new(const struct aws_opts *o, struct aws **out, char **cause);
void aws_free(struct aws *a);
const struct aws_stats *aws_stats(const struct aws *a);

/*
 * One request. Prepare it with ddb_prepare, s3_prepare or http_prepare,
 * run it (alone or with others) with aws_run, read rc, status, resp, etag
 * and cause, then aws_req_free it.
 */
struct aws_req {
	int rc;			/* AWS_OK or another AWS_* */
	long status;		/* last HTTP status, 0 when none */
	struct buf resp;	/* the answer body */
	char *etag;		/* S3 ETag without quotes, or NULL */
	char *bucket_region;	/* S3 x-amz-bucket-region, or NULL */
	char *cause;		/* when rc != AWS_OK: one line */
	int attempts;
	void *user;		/* the caller's */
	/* called as it ends (after its last attempt), before the progress
	 * hook: a caller that reads the answer here and frees it (buf_free)
	 * holds one answer at a time, not every one of the run */
	void (*on_done)(struct aws_req *r);
	/* a DynamoDB Scan or Query whose answer is taken as it arrives
	 * (items.h): each element of its Items, once an attempt's answer is
	 * a 2xx, cut out of resp, which holds the rest. An attempt that
	 * breaks off is retried and its items come again, from the first:
	 * r->attempts tells the attempts apart, and the caller keeps an
	 * attempt's items apart until on_done. */
	void (*on_item)(struct aws_req *r, const char *item, size_t len);
	struct aws_req_priv *p;
};

/* A DynamoDB operation ("PutItem") with a JSON request (not consumed). */
struct aws_req *ddb_prepare(struct aws *a, const char *op,
    const struct cJSON *in);
/* An S3 object call: method GET, PUT, DELETE or HEAD on key. data (len
 * bytes, copied) is the PUT payload. max bounds a GET answer (0: 16 MB).
 * if_none_match: an ETag for a conditional GET, or NULL. */
struct aws_req *s3_prepare(struct aws *a, const char *method, const char *key,
    const void *data, size_t len, size_t max, const char *if_none_match);
/* HEAD of the bucket itself: checks credentials and that it exists. */
struct aws_req *s3_prepare_bucket(struct aws *a);
/* A GET of url (read API), with the bearer token when one was given. */
struct aws_req *http_prepare(struct aws *a, const char *url, size_t max);
void aws_req_free(struct aws_req *r);

/* Called as each request of an aws_run ends (after its last attempt):
 * i is its index in the array given to aws_run. */
typedef void (*aws_progress_fn)(void *arg, size_t i,
    const struct aws_req *r);
void aws_set_progress(struct aws *a, aws_progress_fn fn, void *arg);

/* Run n requests, at most opts.parallel at once, each retried as it needs.
 * Returns the number that did not end with AWS_OK. */
size_t aws_run(struct aws *a, struct aws_req **reqs, size_t n);

/*
 * One DynamoDB call: 0 and *out (the answer, caller frees; may be NULL
 * when out is NULL), or an AWS_* code with *cause.
 */
int ddb_call(struct aws *a, const char *op, const struct cJSON *in,
    struct cJSON **out, char **cause);

/* Hex SHA-256 of data into hex (65 bytes). */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* The hex MD5 of data (the ETag S3 gives an object PUT in one request);
 * "" if OpenSSL cannot. */
void md5_hex(const void *data, size_t len, char hex[33]);

#endif
