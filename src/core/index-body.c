/*
 * index-body.c: the plain text of each note, stored compressed. The body
 * is most of what the index holds (as text it was a third of the
 * database), so bodyz.z keeps it as a raw deflate stream behind a short
 * header, deflated against a preset dictionary made of the text of the
 * first notes the index wrote (meta key "zdict"): a note of 2 to 3 KB
 * alone gives deflate little to refer back to, the vault's own words do.
 * The view `body` (index.c) inflates it with stratus_body(z), so both
 * full-text tables, their deletes and the snippets read text as before.
 *
 * z is one of: text (a body too short to gain), or a blob of a method
 * byte ('Z': no dictionary, 'D': the dictionary), the text's length in
 * four bytes (little-endian), then the deflate stream.
 */
#include "core/index-int.h"
#include "core/util.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/*
 * Measured at 10k notes (25.9 MB of text, deflate alone, CPU): level 1
 * without a dictionary 12.7 MB in 0.46 s; level 3 with 16 KB 10.1 MB in
 * 0.80 s; level 6 with 32 KB (the most deflate can use) 9.2 MB in 2.3 s,
 * half of it hashing the dictionary again for every note.
 */
#define ZDICT_MAX	16384
#define Z_LEVEL		3
#define Z_MIN		64	/* shorter bodies are stored as text */
#define Z_HEAD		5	/* method byte and length */

struct zbody {
	unsigned char *dict;	/* NULL: none yet */
	size_t ndict;
	struct buf first;	/* the first notes' text: the dictionary */
	z_stream def, inf;
	int def_on, inf_on;
};

static struct zbody *
zb_get(struct index *ix)
{
	if (!ix->zb)
		ix->zb = xcalloc(1, sizeof *ix->zb);
	return ix->zb;
}

/* The dictionary from meta, until there is one (set once, it never
 * changes; another stratus may have made it since the last look). */
static void
zb_load(struct index *ix, struct zbody *z)
{
	sqlite3_stmt *s;
	const void *p;
	int n;

	if (z->dict)
		return;
	s = idx_stmt(ix, S_META_GET);
	idx_bind_text(s, 1, "zdict");
	if (idx_row(ix, s, "reading the index metadata") == 1 &&
	    (n = sqlite3_column_bytes(s, 0)) > 0 &&
	    (p = sqlite3_column_blob(s, 0)) != NULL) {
		z->dict = xmalloc((size_t)n);
		memcpy(z->dict, p, (size_t)n);
		z->ndict = (size_t)n;
	}
	idx_stmt_done(s);
}

/* Keep text of the first notes; once there is a window of it, make it the
 * dictionary of every later note. */
static void
zb_learn(struct index *ix, struct zbody *z, const char *text, size_t len)
{
	sqlite3_stmt *s;

	buf_add(&z->first, text, len);
	if (z->first.len < ZDICT_MAX)
		return;
	/* deflate refers back to the end of the dictionary first */
	z->ndict = ZDICT_MAX;
	z->dict = xmalloc(z->ndict);
	memcpy(z->dict, z->first.ptr + z->first.len - ZDICT_MAX, ZDICT_MAX);
	buf_free(&z->first);
	s = idx_stmt(ix, S_META_SET);
	idx_bind_text(s, 1, "zdict");
	if (s)
		sqlite3_bind_blob(s, 2, z->dict, (int)z->ndict, SQLITE_STATIC);
	idx_run(ix, s, "writing the index metadata");
}

/* Bind text (len bytes) as the stored body to parameter i of s; out holds
 * the bytes until the statement has run. */
void
idx_body_bind(struct index *ix, sqlite3_stmt *s, int i, const char *text,
    size_t len, struct buf *out)
{
	struct zbody *z = zb_get(ix);
	uLong bound;
	int dict, rc;

	if (!s)
		return;
	if (len < Z_MIN || len > 0x7fffffff) {
		sqlite3_bind_text(s, i, text, (int)len, SQLITE_STATIC);
		return;
	}
	zb_load(ix, z);
	if (!z->def_on) {
		memset(&z->def, 0, sizeof z->def);
		if (deflateInit2(&z->def, Z_LEVEL, Z_DEFLATED, -15, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK) {
			sqlite3_bind_text(s, i, text, (int)len, SQLITE_STATIC);
			return;
		}
		z->def_on = 1;
	} else
		deflateReset(&z->def);
	dict = z->dict != NULL;
	if (dict)
		deflateSetDictionary(&z->def, z->dict, (uInt)z->ndict);
	bound = deflateBound(&z->def, (uLong)len);
	buf_reset(out);
	buf_grow(out, Z_HEAD + bound);
	out->ptr[0] = dict ? 'D' : 'Z';
	out->ptr[1] = (char)(len & 0xff);
	out->ptr[2] = (char)((len >> 8) & 0xff);
	out->ptr[3] = (char)((len >> 16) & 0xff);
	out->ptr[4] = (char)((len >> 24) & 0xff);
	z->def.next_in = (Bytef *)(uintptr_t)text;
	z->def.avail_in = (uInt)len;
	z->def.next_out = (Bytef *)out->ptr + Z_HEAD;
	z->def.avail_out = (uInt)bound;
	rc = deflate(&z->def, Z_FINISH);
	if (rc != Z_STREAM_END || Z_HEAD + z->def.total_out >= len) {
		sqlite3_bind_text(s, i, text, (int)len, SQLITE_STATIC);
		return;
	}
	out->len = Z_HEAD + z->def.total_out;
	sqlite3_bind_blob(s, i, out->ptr, (int)out->len, SQLITE_STATIC);
	if (!dict)
		zb_learn(ix, z, text, len);
}

/* stratus_body(z): the text of a stored body. */
static void
body_fn(sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct index *ix = sqlite3_user_data(ctx);
	struct zbody *z = zb_get(ix);
	const unsigned char *p;
	size_t n, len;
	char *out;
	int rc;

	if (sqlite3_value_type(val[0]) != SQLITE_BLOB) {
		sqlite3_result_value(ctx, val[0]);
		return;
	}
	p = sqlite3_value_blob(val[0]);
	n = (size_t)sqlite3_value_bytes(val[0]);
	if (n < Z_HEAD || (p[0] != 'D' && p[0] != 'Z'))
		goto bad;
	len = (size_t)p[1] | (size_t)p[2] << 8 | (size_t)p[3] << 16 |
	    (size_t)p[4] << 24;
	if (p[0] == 'D') {
		zb_load(ix, z);
		if (!z->dict)
			goto bad;
	}
	if (!z->inf_on) {
		memset(&z->inf, 0, sizeof z->inf);
		if (inflateInit2(&z->inf, -15) != Z_OK)
			goto bad;
		z->inf_on = 1;
	} else
		inflateReset(&z->inf);
	if (p[0] == 'D' && inflateSetDictionary(&z->inf, z->dict,
	    (uInt)z->ndict) != Z_OK)
		goto bad;
	out = xmalloc(len + 1);
	z->inf.next_in = (Bytef *)(uintptr_t)(p + Z_HEAD);
	z->inf.avail_in = (uInt)(n - Z_HEAD);
	z->inf.next_out = (Bytef *)out;
	z->inf.avail_out = (uInt)len;
	rc = inflate(&z->inf, Z_FINISH);
	if (rc != Z_STREAM_END || z->inf.total_out != len) {
		free(out);
		goto bad;
	}
	out[len] = '\0';
	sqlite3_result_text64(ctx, out, len, free, SQLITE_UTF8);
	return;
bad:
	/* what SQLite says of any other damage: the index is rebuilt */
	sqlite3_result_error_code(ctx, SQLITE_CORRUPT);
}

int
idx_body_register(struct index *ix)
{
	return sqlite3_create_function(ix->db, "stratus_body", 1,
	    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, ix,
	    body_fn, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

void
idx_body_forget(struct index *ix)
{
	struct zbody *z = ix->zb;

	if (!z)
		return;
	if (z->def_on)
		deflateEnd(&z->def);
	if (z->inf_on)
		inflateEnd(&z->inf);
	free(z->dict);
	buf_free(&z->first);
	free(z);
	ix->zb = NULL;
}
