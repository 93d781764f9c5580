/*
 * aws.c: signed DynamoDB and S3 requests and read-API GETs over libcurl,
 * run many at once through the multi interface, with bounded retries.
 */
#include "sync/aws.h"
#include "sync/creds.h"
#include "sync/items.h"
#include "core/dynlib.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_MAX ((size_t)16 << 20)

enum service { SVC_DDB, SVC_S3, SVC_HTTP };

struct aws_req_priv {
	enum service svc;
	char *method;
	char *url;
	char *what;		/* "DynamoDB PutItem", "S3 PUT key" */
	char *target;		/* X-Amz-Target value, or NULL */
	char *body;
	size_t body_len;
	char *payload_hash;	/* S3 */
	char *if_none_match;
	size_t max;
	int head;
	double first;		/* time of the first attempt */
	double next_at;		/* when a retry may start */
	int state;		/* 0 waiting, 1 running, 2 done */
	size_t index;		/* in the array of the current aws_run */
	CURL *easy;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
	long http;		/* the attempt's status line's, 0: none yet */
	struct items items;	/* on_item: how far its answer is read */
};

struct aws {
	struct aws_opts o;
	char *region, *ddb_endpoint, *s3_endpoint, *bucket, *bearer;
	char *userpwd_user, *userpwd_pass, *token;
	char *sigv4_ddb, *sigv4_s3;
	CURLM *multi;
	CURL **pool;
	size_t npool, pool_cap;
	unsigned long long rng;
	struct aws_stats st;
	aws_progress_fn progress;
	void *progress_arg;
};

/*
 * libcurl and libcrypto are opened by the first aws_new() or hash
 * (core/dynlib.h), not linked: they and the twenty libraries libcurl
 * needs (TLS, HTTP/2, Kerberos, LDAP...) would otherwise be loaded by
 * every run of every command, though only sync uses them. The tables
 * are typed from the libraries' own declarations. The sonames are those
 * of libcurl 7 and 8 and of OpenSSL 3 (and 1.1, whose three functions
 * used here are the same).
 */
struct curl_fns {
	__typeof__(curl_easy_cleanup) *easy_cleanup;
	__typeof__(curl_easy_getinfo) *easy_getinfo;
	__typeof__(curl_easy_init) *easy_init;
	__typeof__(curl_easy_reset) *easy_reset;
	__typeof__(curl_easy_setopt) *easy_setopt;
	__typeof__(curl_easy_strerror) *easy_strerror;
	__typeof__(curl_global_cleanup) *global_cleanup;
	__typeof__(curl_global_init) *global_init;
	__typeof__(curl_multi_add_handle) *multi_add_handle;
	__typeof__(curl_multi_cleanup) *multi_cleanup;
	__typeof__(curl_multi_info_read) *multi_info_read;
	__typeof__(curl_multi_init) *multi_init;
	__typeof__(curl_multi_perform) *multi_perform;
	__typeof__(curl_multi_poll) *multi_poll;
	__typeof__(curl_multi_remove_handle) *multi_remove_handle;
	__typeof__(curl_multi_setopt) *multi_setopt;
	__typeof__(curl_slist_append) *slist_append;
	__typeof__(curl_slist_free_all) *slist_free_all;
};

#define CURL_SYM(f) DYNSYM(struct curl_fns, f, "curl_" #f)
static const struct dynsym curl_syms[] = {
	CURL_SYM(easy_cleanup),
	CURL_SYM(easy_getinfo),
	CURL_SYM(easy_init),
	CURL_SYM(easy_reset),
	CURL_SYM(easy_setopt),
	CURL_SYM(easy_strerror),
	CURL_SYM(global_cleanup),
	CURL_SYM(global_init),
	CURL_SYM(multi_add_handle),
	CURL_SYM(multi_cleanup),
	CURL_SYM(multi_info_read),
	CURL_SYM(multi_init),
	CURL_SYM(multi_perform),
	CURL_SYM(multi_poll),
	CURL_SYM(multi_remove_handle),
	CURL_SYM(multi_setopt),
	CURL_SYM(slist_append),
	CURL_SYM(slist_free_all),
};

static const char *const curl_names[] = { "libcurl.so.4", NULL };
static struct dynlib curl_lib = DYNLIB_INIT;
static struct curl_fns cu;

struct crypto_fns {
	__typeof__(SHA256) *sha256;
	__typeof__(EVP_Digest) *digest;
	__typeof__(EVP_md5) *md5;
};

static const struct dynsym crypto_syms[] = {
	DYNSYM(struct crypto_fns, sha256, "SHA256"),
	DYNSYM(struct crypto_fns, digest, "EVP_Digest"),
	DYNSYM(struct crypto_fns, md5, "EVP_md5"),
};

static const char *const crypto_names[] = { "libcrypto.so.3",
    "libcrypto.so.1.1", NULL };
static struct dynlib crypto_lib = DYNLIB_INIT;
static struct crypto_fns cr;

/* The hashes cannot say they failed: without libcrypto (which libcurl
 * needs too) sync cannot run at all, so stop with the reason. */
static void
crypto_load(void)
{
	char *cause = NULL;

	if (dynlib_load(&crypto_lib, "sync needs libcrypto", crypto_names,
	    crypto_syms, sizeof crypto_syms / sizeof crypto_syms[0], &cr,
	    &cause) < 0)
		die("%s", cause);
}

void
sha256_hex(const void *data, size_t len, char hex[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	size_t i;

	crypto_load();
	cr.sha256(data, len, md);
	for (i = 0; i < sizeof md; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[64] = '\0';
}

void
md5_hex(const void *data, size_t len, char hex[33])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	hex[0] = '\0';
	crypto_load();
	if (cr.digest(data, len, md, &n, cr.md5(), NULL) != 1 || n != 16)
		return;
	for (i = 0; i < n; i++) {
		hex[2 * i] = "0123456789abcdef"[md[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[md[i] & 15];
	}
	hex[32] = '\0';
}

static char *
strip_slash(const char *s)
{
	size_t n = strlen(s);

	while (n > 0 && s[n - 1] == '/')
		n--;
	return xstrndup(s, n);
}

int
aws_new(const struct aws_opts *o, struct aws **out, char **cause)
{
	struct aws *a;

	if (dynlib_load(&curl_lib, "sync needs libcurl", curl_names,
	    curl_syms, sizeof curl_syms / sizeof curl_syms[0], &cu,
	    cause) < 0)
		return -1;
	if (cu.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return fail(cause, "libcurl cannot start");
	a = xcalloc(1, sizeof *a);
	a->o = *o;
	if (a->o.parallel <= 0)
		a->o.parallel = 16;
	if (a->o.max_attempts <= 0)
		a->o.max_attempts = 8;
	if (a->o.max_seconds <= 0)
		a->o.max_seconds = 60;
	if (a->o.timeout_ms <= 0)
		a->o.timeout_ms = 20000;
	if (a->o.backoff_base <= 0)
		a->o.backoff_base = 0.05;
	if (a->o.backoff_cap <= 0)
		a->o.backoff_cap = 4;
	a->region = xstrdup(o->region ? o->region : "us-east-1");
	a->bucket = o->bucket ? xstrdup(o->bucket) : NULL;
	a->bearer = o->bearer ? xstrdup(o->bearer) : NULL;
	a->o.creds = NULL;
	a->o.bearer = NULL;
	if (o->ddb_endpoint && *o->ddb_endpoint)
		a->ddb_endpoint = strip_slash(o->ddb_endpoint);
	else
		a->ddb_endpoint = xasprintf("https://dynamodb.%s.amazonaws.com",
		    a->region);
	if (o->s3_endpoint && *o->s3_endpoint)
		a->s3_endpoint = strip_slash(o->s3_endpoint);
	if (o->creds) {
		a->userpwd_user = xstrdup(o->creds->access_key);
		a->userpwd_pass = xstrdup(o->creds->secret_key);
		if (o->creds->session_token)
			a->token = xasprintf("X-Amz-Security-Token: %s",
			    o->creds->session_token);
	}
	a->sigv4_ddb = xasprintf("aws:amz:%s:dynamodb", a->region);
	a->sigv4_s3 = xasprintf("aws:amz:%s:s3", a->region);
	a->multi = cu.multi_init();
	if (!a->multi) {
		aws_free(a);
		return fail(cause, "libcurl cannot start a transfer set");
	}
	cu.multi_setopt(a->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)a->o.parallel);
	a->rng = (unsigned long long)getpid() * 0x9e3779b97f4a7c15ULL ^
	    (unsigned long long)time(NULL) ^
	    (unsigned long long)(now_seconds() * 1e9);
	if (!a->rng)
		a->rng = 1;
	*out = a;
	return 0;
}

void
aws_free(struct aws *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->npool; i++)
		cu.easy_cleanup(a->pool[i]);
	free(a->pool);
	if (a->multi)
		cu.multi_cleanup(a->multi);
	free(a->region);
	free(a->bucket);
	secret_free(a->bearer);
	free(a->ddb_endpoint);
	free(a->s3_endpoint);
	secret_free(a->userpwd_user);
	secret_free(a->userpwd_pass);
	secret_free(a->token);
	free(a->sigv4_ddb);
	free(a->sigv4_s3);
	free(a);
	cu.global_cleanup();
}

void
aws_set_progress(struct aws *a, aws_progress_fn fn, void *arg)
{
	a->progress = fn;
	a->progress_arg = arg;
}

const struct aws_stats *
aws_stats(const struct aws *a)
{
	return &a->st;
}

static struct aws_req *
req_new(enum service svc, const char *method)
{
	struct aws_req *r = xcalloc(1, sizeof *r);

	r->p = xcalloc(1, sizeof *r->p);
	r->p->svc = svc;
	r->p->method = xstrdup(method);
	r->p->max = DEFAULT_MAX;
	return r;
}

void
aws_req_free(struct aws_req *r)
{
	if (!r)
		return;
	buf_free(&r->resp);
	free(r->etag);
	free(r->bucket_region);
	free(r->cause);
	if (r->p) {
		free(r->p->method);
		free(r->p->url);
		free(r->p->what);
		free(r->p->target);
		free(r->p->body);
		free(r->p->payload_hash);
		free(r->p->if_none_match);
		cu.slist_free_all(r->p->headers);
		free(r->p);
	}
	free(r);
}

struct aws_req *
ddb_prepare(struct aws *a, const char *op, const struct cJSON *in)
{
	struct aws_req *r = req_new(SVC_DDB, "POST");
	char *json = cJSON_PrintUnformatted(in);

	if (!json)
		die("cannot encode a DynamoDB %s request", op);
	r->p->body = xstrdup(json);
	r->p->body_len = strlen(json);
	cJSON_free(json);
	r->p->url = xasprintf("%s/", a->ddb_endpoint);
	r->p->target = xasprintf("X-Amz-Target: DynamoDB_20120810.%s", op);
	r->p->what = xasprintf("DynamoDB %s", op);
	return r;
}

static char *
s3_url(struct aws *a, const char *key)
{
	if (a->s3_endpoint)
		return xasprintf("%s/%s/%s", a->s3_endpoint, a->bucket, key);
	return xasprintf("https://%s.s3.%s.amazonaws.com/%s", a->bucket,
	    a->region, key);
}

struct aws_req *
s3_prepare(struct aws *a, const char *method, const char *key,
    const void *data, size_t len, size_t max, const char *if_none_match)
{
	struct aws_req *r = req_new(SVC_S3, method);
	char hex[65];

	r->p->url = s3_url(a, key);
	r->p->what = xasprintf("S3 %s %s", method, key);
	if (data) {
		r->p->body = xmalloc(len + 1);
		memcpy(r->p->body, data, len);
		r->p->body[len] = '\0';
		r->p->body_len = len;
	}
	sha256_hex(data ? data : "", data ? len : 0, hex);
	r->p->payload_hash = xasprintf("x-amz-content-sha256: %s", hex);
	if (max)
		r->p->max = max;
	if (if_none_match)
		r->p->if_none_match = xasprintf("If-None-Match: \"%s\"",
		    if_none_match);
	r->p->head = strcmp(method, "HEAD") == 0;
	return r;
}

struct aws_req *
s3_prepare_bucket(struct aws *a)
{
	struct aws_req *r = s3_prepare(a, "HEAD", "", NULL, 0, 0, NULL);

	free(r->p->what);
	r->p->what = xasprintf("S3 HeadBucket %s", a->bucket);
	free(r->p->url);
	if (a->s3_endpoint)
		r->p->url = xasprintf("%s/%s", a->s3_endpoint, a->bucket);
	else
		r->p->url = xasprintf("https://%s.s3.%s.amazonaws.com/",
		    a->bucket, a->region);
	return r;
}

struct aws_req *
http_prepare(struct aws *a, const char *url, size_t max)
{
	struct aws_req *r = req_new(SVC_HTTP, "GET");

	r->p->url = xstrdup(url);
	r->p->what = xasprintf("GET %s", url);
	if (max)
		r->p->max = max;
	return r;
}

static void
give_item(void *arg, const char *p, size_t n)
{
	struct aws_req *r = arg;

	r->on_item(r, p, n);
}

static size_t
on_body(char *ptr, size_t size, size_t n, void *arg)
{
	struct aws_req *r = arg;

	buf_add(&r->resp, ptr, size * n);
	if (r->resp.overflow)
		return 0;
	if (r->on_item && r->p->http >= 200 && r->p->http < 300)
		items_take(&r->p->items, &r->resp, give_item, r);
	return size * n;
}

static size_t
on_header(char *ptr, size_t size, size_t n, void *arg)
{
	struct aws_req *r = arg;
	size_t len = size * n, i;
	const char *v;

	/* a status line (one a response: a 100 Continue's comes first) */
	if (len > 9 && strncmp(ptr, "HTTP/", 5) == 0) {
		v = memchr(ptr, ' ', len);
		r->p->http = 0;
		for (i = v ? (size_t)(v - ptr) + 1 : len; i < len &&
		    ptr[i] >= '0' && ptr[i] <= '9' && r->p->http < 1000; i++)
			r->p->http = r->p->http * 10 + (ptr[i] - '0');
	}
	if (len > 5 && strncasecmp(ptr, "etag:", 5) == 0) {
		v = ptr + 5;
		while (v < ptr + len && (*v == ' ' || *v == '"'))
			v++;
		for (i = (size_t)(v - ptr); i < len; i++)
			if (ptr[i] == '"' || ptr[i] == '\r' || ptr[i] == '\n')
				break;
		free(r->etag);
		r->etag = xstrndup(v, i - (size_t)(v - ptr));
	}
	if (len > 21 && strncasecmp(ptr, "x-amz-bucket-region:", 20) == 0) {
		v = ptr + 20;
		while (v < ptr + len && *v == ' ')
			v++;
		for (i = (size_t)(v - ptr); i < len; i++)
			if (!((ptr[i] >= 'a' && ptr[i] <= 'z') ||
			    (ptr[i] >= '0' && ptr[i] <= '9') || ptr[i] == '-'))
				break;
		free(r->bucket_region);
		r->bucket_region = i > (size_t)(v - ptr) && i - (size_t)(v -
		    ptr) < 40 ? xstrndup(v, i - (size_t)(v - ptr)) : NULL;
	}
	return len;
}

/* The time one attempt may take: the attempt timeout, but no more than
 * what is left of the request's max_seconds (at least one second), so
 * that retries and timeouts add up to what the man page promises. */
static long
attempt_timeout(const struct aws *a, const struct aws_req *r)
{
	double left;

	if (r->p->first <= 0)
		return a->o.timeout_ms;
	left = (a->o.max_seconds - (now_seconds() - r->p->first)) * 1000;
	if (left < 1000)
		left = 1000;
	return left < (double)a->o.timeout_ms ? (long)left : a->o.timeout_ms;
}

static CURL *
pool_get(struct aws *a)
{
	if (a->npool > 0)
		return a->pool[--a->npool];
	return cu.easy_init();
}

static void
pool_put(struct aws *a, CURL *e)
{
	cu.easy_reset(e);
	a->pool = xgrow(a->pool, &a->pool_cap, a->npool + 1, sizeof *a->pool);
	a->pool[a->npool++] = e;
}

static int
attempt_start(struct aws *a, struct aws_req *r)
{
	struct aws_req_priv *p = r->p;
	struct curl_slist *h = NULL;
	CURL *e = pool_get(a);

	if (!e)
		return -1;
	buf_reset(&r->resp);
	r->resp.max = p->max;
	p->http = 0;
	items_reset(&p->items);
	free(r->etag);
	r->etag = NULL;
	free(r->bucket_region);
	r->bucket_region = NULL;
	r->status = 0;
	p->errbuf[0] = '\0';
	cu.slist_free_all(p->headers);

	cu.easy_setopt(e, CURLOPT_URL, p->url);
	cu.easy_setopt(e, CURLOPT_PRIVATE, r);
	cu.easy_setopt(e, CURLOPT_ERRORBUFFER, p->errbuf);
	cu.easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	cu.easy_setopt(e, CURLOPT_WRITEDATA, r);
	cu.easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	cu.easy_setopt(e, CURLOPT_HEADERDATA, r);
	cu.easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	cu.easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	    a->o.timeout_ms < 5000 ? a->o.timeout_ms : 5000L);
	cu.easy_setopt(e, CURLOPT_TIMEOUT_MS, attempt_timeout(a, r));
	cu.easy_setopt(e, CURLOPT_USERAGENT, "stratus/" STRATUS_VERSION);
	cu.easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	cu.easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	if (p->svc != SVC_HTTP && a->userpwd_user) {
		cu.easy_setopt(e, CURLOPT_AWS_SIGV4,
		    p->svc == SVC_DDB ? a->sigv4_ddb : a->sigv4_s3);
		cu.easy_setopt(e, CURLOPT_USERNAME, a->userpwd_user);
		cu.easy_setopt(e, CURLOPT_PASSWORD, a->userpwd_pass);
		if (a->token)
			h = cu.slist_append(h, a->token);
	}
	if (p->svc == SVC_HTTP && a->bearer) {
		char *auth = xasprintf("Authorization: Bearer %s", a->bearer);

		h = cu.slist_append(h, auth);
		secret_free(auth);
	}
	if (p->svc == SVC_DDB) {
		h = cu.slist_append(h,
		    "Content-Type: application/x-amz-json-1.0");
		h = cu.slist_append(h, p->target);
	}
	if (p->svc == SVC_S3) {
		h = cu.slist_append(h, p->payload_hash);
		if (p->body)
			h = cu.slist_append(h,
			    "Content-Type: text/markdown; charset=utf-8");
		if (p->if_none_match)
			h = cu.slist_append(h, p->if_none_match);
	}
	if (p->svc == SVC_HTTP)
		h = cu.slist_append(h, "Accept: application/json");
	p->headers = h;
	cu.easy_setopt(e, CURLOPT_HTTPHEADER, h);
	if (p->body) {
		cu.easy_setopt(e, CURLOPT_POSTFIELDS, p->body);
		cu.easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)p->body_len);
		if (strcmp(p->method, "POST") != 0)
			cu.easy_setopt(e, CURLOPT_CUSTOMREQUEST, p->method);
	} else if (p->head) {
		cu.easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else if (strcmp(p->method, "GET") != 0) {
		cu.easy_setopt(e, CURLOPT_CUSTOMREQUEST, p->method);
	}
	p->easy = e;
	p->state = 1;
	r->attempts++;
	a->st.requests++;
	if (r->attempts > 1)
		a->st.retries++;
	if (p->svc == SVC_DDB)
		a->st.ddb++;
	else if (p->svc == SVC_S3)
		a->st.s3++;
	else
		a->st.http++;
	if (cu.multi_add_handle(a->multi, e) != CURLM_OK) {
		p->easy = NULL;
		pool_put(a, e);
		return -1;
	}
	return 0;
}

/* The value of "key" in a JSON error answer, or NULL. */
static char *
json_field(const struct buf *b, const char *key)
{
	cJSON *j = cJSON_ParseWithLength(buf_str(b), b->len), *v;
	char *s = NULL;

	if (!j)
		return NULL;
	v = cJSON_GetObjectItemCaseSensitive(j, key);
	if (cJSON_IsString(v))
		s = xstrdup(v->valuestring);
	cJSON_Delete(j);
	return s;
}

/* The text of <tag>...</tag> in an S3 XML error, or NULL. */
static char *
xml_field(const struct buf *b, const char *tag)
{
	char *open = xasprintf("<%s>", tag), *close = xasprintf("</%s>", tag);
	const char *s = strstr(buf_str(b), open), *e;
	char *v = NULL;

	if (s) {
		s += strlen(open);
		e = strstr(s, close);
		if (e && e - s < 1024)
			v = xstrndup(s, (size_t)(e - s));
	}
	free(open);
	free(close);
	return v;
}

/* Keep an answer (untrusted text) printable on one line: C0, DEL and
 * UTF-8 encoded C1 controls become spaces. */
static void
one_line(char *s)
{
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			*s = ' ';
		else if (c == 0xc2 && (unsigned char)s[1] >= 0x80 &&
		    (unsigned char)s[1] < 0xa0) {
			s[0] = ' ';
			s[1] = ' ';
			s++;
		}
	}
}

enum verdict { V_DONE, V_RETRY };

/* Classify a finished attempt: sets rc and cause; says whether to retry. */
static enum verdict
classify(struct aws_req *r, CURLcode cc)
{
	struct aws_req_priv *p = r->p;
	char *type = NULL, *msg = NULL, *hash;
	enum verdict v = V_DONE;

	free(r->cause);
	r->cause = NULL;
	if (cc != CURLE_OK) {
		if (cc == CURLE_WRITE_ERROR && r->resp.overflow) {
			r->rc = AWS_TOOBIG;
			r->cause = xasprintf("%s: the answer is larger than "
			    "%zu bytes", p->what, p->max);
			return V_DONE;
		}
		r->rc = AWS_ERR;
		r->cause = xasprintf("%s: %s", p->what,
		    p->errbuf[0] ? p->errbuf : cu.easy_strerror(cc));
		one_line(r->cause);
		switch (cc) {
		case CURLE_COULDNT_CONNECT:
		case CURLE_OPERATION_TIMEDOUT:
		case CURLE_SEND_ERROR:
		case CURLE_RECV_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
		case CURLE_HTTP2:
		case CURLE_HTTP2_STREAM:
		case CURLE_SSL_CONNECT_ERROR:
			return V_RETRY;
		default:
			return V_DONE;
		}
	}
	if (r->status >= 200 && r->status < 300) {
		r->rc = AWS_OK;
		return V_DONE;
	}
	if (r->status == 304) {
		r->rc = AWS_NOTMODIFIED;
		return V_DONE;
	}
	if (p->svc == SVC_DDB) {
		type = json_field(&r->resp, "__type");
		msg = json_field(&r->resp, "message");
		if (!msg)
			msg = json_field(&r->resp, "Message");
		if (type && (hash = strrchr(type, '#')))
			memmove(type, hash + 1, strlen(hash + 1) + 1);
	} else if (p->svc == SVC_S3) {
		type = xml_field(&r->resp, "Code");
		msg = xml_field(&r->resp, "Message");
	} else {
		type = json_field(&r->resp, "error");
		msg = json_field(&r->resp, "message");
	}
	r->rc = AWS_ERR;
	if (r->status == 404 && p->svc != SVC_DDB)
		r->rc = AWS_NOTFOUND;
	if (type && strcmp(type, "ConditionalCheckFailedException") == 0)
		r->rc = AWS_CONDITION;
	if (r->status >= 500 || r->status == 429 ||
	    (type && (strcmp(type, "ProvisionedThroughputExceededException") == 0 ||
	    strcmp(type, "ThrottlingException") == 0 ||
	    strcmp(type, "RequestLimitExceeded") == 0 ||
	    strcmp(type, "SlowDown") == 0 ||
	    strcmp(type, "InternalServerError") == 0)))
		v = V_RETRY;
	if (!type && p->head && r->status == 403)
		type = xstrdup("Forbidden (check the credentials and the "
		    "bucket's region)");
	r->cause = xasprintf("%s: %ld %s%s%s", p->what, r->status,
	    type ? type : "error", msg ? ": " : "", msg ? msg : "");
	one_line(r->cause);
	free(type);
	free(msg);
	return v;
}

static double
backoff(struct aws *a, int attempt)
{
	double d = a->o.backoff_base, r;
	int i;

	for (i = 1; i < attempt && d < a->o.backoff_cap; i++)
		d *= 2;
	if (d > a->o.backoff_cap)
		d = a->o.backoff_cap;
	/* xorshift64*: jitter between half and all of d */
	a->rng ^= a->rng >> 12;
	a->rng ^= a->rng << 25;
	a->rng ^= a->rng >> 27;
	r = (double)((a->rng * 2685821657736338717ULL) >> 11) /
	    (double)(1ULL << 53);
	return d / 2 + r * d / 2;
}

/* Request i of a run has ended: to its handler, then the progress hook. */
static void
req_done(struct aws *a, size_t i, struct aws_req *r)
{
	if (r->on_done)
		r->on_done(r);
	if (a->progress)
		a->progress(a->progress_arg, i, r);
}

size_t
aws_run(struct aws *a, struct aws_req **reqs, size_t n)
{
	size_t done = 0, running = 0, next = 0, i, failed = 0;
	double now = now_seconds();

	for (i = 0; i < n; i++) {
		reqs[i]->p->state = 0;
		reqs[i]->p->index = i;
		reqs[i]->p->first = 0;
		reqs[i]->p->next_at = now;
		reqs[i]->attempts = 0;
	}
	while (done < n) {
		double wait = 1.0;
		CURLMsg *m;
		int left, still;

		/* start what may start, oldest first */
		now = now_seconds();
		for (i = next; i < n && running < (size_t)a->o.parallel; i++) {
			struct aws_req *r = reqs[i];

			if (r->p->state != 0)
				continue;
			if (r->p->next_at > now) {
				if (r->p->next_at - now < wait)
					wait = r->p->next_at - now;
				continue;
			}
			if (r->p->first == 0)
				r->p->first = now;
			if (attempt_start(a, r) < 0) {
				r->rc = AWS_ERR;
				free(r->cause);
				r->cause = xasprintf("%s: libcurl cannot start "
				    "it", r->p->what);
				r->p->state = 2;
				done++;
				req_done(a, i, r);
				continue;
			}
			running++;
		}
		while (next < n && reqs[next]->p->state == 2)
			next++;
		if (running == 0) {
			if (done < n && wait > 0)
				usleep((useconds_t)(wait * 1e6));
			continue;
		}
		cu.multi_perform(a->multi, &still);
		while ((m = cu.multi_info_read(a->multi, &left))) {
			struct aws_req *r;
			CURL *e = m->easy_handle;
			enum verdict v;

			if (m->msg != CURLMSG_DONE)
				continue;
			cu.easy_getinfo(e, CURLINFO_PRIVATE, (char **)&r);
			cu.easy_getinfo(e, CURLINFO_RESPONSE_CODE,
			    &r->status);
			v = classify(r, m->data.result);
			cu.multi_remove_handle(a->multi, e);
			pool_put(a, e);
			r->p->easy = NULL;
			running--;
			now = now_seconds();
			if (v == V_RETRY && r->attempts < a->o.max_attempts) {
				double d = backoff(a, r->attempts);

				if (now + d - r->p->first <= a->o.max_seconds) {
					r->p->state = 0;
					r->p->next_at = now + d;
					continue;
				}
			}
			if (v == V_RETRY && r->rc != AWS_OK) {
				char *c = xasprintf("%s (gave up after %d "
				    "attempts in %.1f s)", r->cause,
				    r->attempts, now - r->p->first);

				free(r->cause);
				r->cause = c;
			}
			r->p->state = 2;
			done++;
			req_done(a, r->p->index, r);
		}
		if (running > 0 || done < n) {
			int ms = running > 0 ? 100 : (int)(wait * 1000);

			if (running > 0)
				cu.multi_poll(a->multi, NULL, 0,
				    ms > 0 ? ms : 1, NULL);
		}
	}
	for (i = 0; i < n; i++)
		if (reqs[i]->rc != AWS_OK)
			failed++;
	return failed;
}

int
ddb_call(struct aws *a, const char *op, const struct cJSON *in,
    struct cJSON **out, char **cause)
{
	struct aws_req *r = ddb_prepare(a, op, in);
	int rc;

	aws_run(a, &r, 1);
	rc = r->rc;
	if (rc == AWS_OK && out) {
		*out = cJSON_ParseWithLength(buf_str(&r->resp), r->resp.len);
		if (!*out) {
			rc = AWS_ERR;
			fail(cause, "DynamoDB %s: the answer is not JSON", op);
		}
	} else if (rc != AWS_OK) {
		fail(cause, "%s", r->cause);
	}
	aws_req_free(r);
	return rc;
}
