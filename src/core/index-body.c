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

/*
 * A deflater: whoever packs bodies owns one (the index for an update done
 * on its own thread, the prefetch worker of a large one, index-prep.c).
 * Until the index has a dictionary it learns one from the text it packs,
 * in the order it packs it, so a worker packing ahead of the writer makes
 * the dictionary the writer would have made.
 */
struct zdef {
	unsigned char *dict;	/* NULL: none yet */
	size_t ndict;
	struct buf first;	/* the first notes' text: the dictionary */
	z_stream s;
	int on;
};

struct zbody {
	unsigned char *dict;	/* what stored bodies use; NULL: none yet */
	size_t ndict;
	struct zdef *def;	/* the index's own deflater */
	z_stream inf;
	int inf_on;
};

static struct zbody *
zb_get(struct index *ix)
{
	if (!ix->zb)
		ix->zb = xcalloc(1, sizeof *ix->zb);
	return ix->zb;
}

/* The dictionary from meta, until there is one (set once, it never
 * changes: every stored body refers to it). */
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

struct zdef *
idx_zdef_new(struct index *ix)
{
	struct zbody *z = zb_get(ix);
	struct zdef *d = xcalloc(1, sizeof *d);

	zb_load(ix, z);
	if (z->dict) {
		d->dict = xmalloc(z->ndict);
		memcpy(d->dict, z->dict, z->ndict);
		d->ndict = z->ndict;
	}
	return d;
}

void
idx_zdef_free(struct zdef *d)
{
	if (!d)
		return;
	if (d->on)
		deflateEnd(&d->s);
	free(d->dict);
	buf_free(&d->first);
	free(d);
}

/* Keep text of the first notes; once there is a window of it, make it the
 * dictionary (its last ZDICT_MAX bytes). 1 when text completed it. */
static int
zd_learn(struct zdef *d, const char *text, size_t len)
{
	buf_add(&d->first, text, len);
	if (d->first.len < ZDICT_MAX)
		return 0;
	/* deflate refers back to the end of the dictionary first */
	d->ndict = ZDICT_MAX;
	d->dict = xmalloc(d->ndict);
	memcpy(d->dict, d->first.ptr + d->first.len - ZDICT_MAX, ZDICT_MAX);
	buf_free(&d->first);
	return 1;
}

/* Pack text (len bytes) for bodyz into p: a blob, or the text as it is. */
void
idx_body_pack(struct zdef *d, const char *text, size_t len,
    struct zpacked *p)
{
	uLong bound;
	int dict, rc;

	p->blob = 0;
	p->dict = NULL;
	if (len < Z_MIN || len > 0x7fffffff)
		return;
	if (!d->on) {
		memset(&d->s, 0, sizeof d->s);
		if (deflateInit2(&d->s, Z_LEVEL, Z_DEFLATED, -15, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			return;
		d->on = 1;
	} else
		deflateReset(&d->s);
	dict = d->dict != NULL;
	if (dict)
		deflateSetDictionary(&d->s, d->dict, (uInt)d->ndict);
	bound = deflateBound(&d->s, (uLong)len);
	buf_reset(&p->z);
	buf_grow(&p->z, Z_HEAD + bound);
	p->z.ptr[0] = dict ? 'D' : 'Z';
	p->z.ptr[1] = (char)(len & 0xff);
	p->z.ptr[2] = (char)((len >> 8) & 0xff);
	p->z.ptr[3] = (char)((len >> 16) & 0xff);
	p->z.ptr[4] = (char)((len >> 24) & 0xff);
	d->s.next_in = (Bytef *)(uintptr_t)text;
	d->s.avail_in = (uInt)len;
	d->s.next_out = (Bytef *)p->z.ptr + Z_HEAD;
	d->s.avail_out = (uInt)bound;
	rc = deflate(&d->s, Z_FINISH);
	if (rc != Z_STREAM_END || Z_HEAD + d->s.total_out >= len)
		return;
	p->z.len = Z_HEAD + d->s.total_out;
	p->blob = 1;
	if (!dict && zd_learn(d, text, len)) {
		p->dict = d->dict;
		p->ndict = d->ndict;
	}
}

/* Bind text (len bytes), packed as p (NULL: packed here, by the index's
 * own deflater), as the stored body to parameter i of s; a dictionary the
 * packing completed is the index's from now on. p must outlive the step. */
void
idx_body_bind(struct index *ix, sqlite3_stmt *s, int i, const char *text,
    size_t len, struct zpacked *p)
{
	struct zbody *z = zb_get(ix);
	sqlite3_stmt *m;

	if (!s)
		return;
	if (!p->done) {
		if (!z->def)
			z->def = idx_zdef_new(ix);
		else if (z->dict && !z->def->dict) {
			/* a worker's deflater completed it meanwhile */
			z->def->dict = xmalloc(z->ndict);
			memcpy(z->def->dict, z->dict, z->ndict);
			z->def->ndict = z->ndict;
			buf_free(&z->def->first);
		}
		idx_body_pack(z->def, text, len, p);
		p->done = 1;
	}
	if (!p->blob) {
		sqlite3_bind_text(s, i, text, (int)len, SQLITE_STATIC);
		return;
	}
	sqlite3_bind_blob(s, i, p->z.ptr, (int)p->z.len, SQLITE_STATIC);
	if (!p->dict || z->dict)
		return;
	z->dict = xmalloc(p->ndict);
	memcpy(z->dict, p->dict, p->ndict);
	z->ndict = p->ndict;
	m = idx_stmt(ix, S_META_SET);
	idx_bind_text(m, 1, "zdict");
	if (m)
		sqlite3_bind_blob(m, 2, z->dict, (int)z->ndict, SQLITE_STATIC);
	idx_run(ix, m, "writing the index metadata");
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
	idx_zdef_free(z->def);
	if (z->inf_on)
		inflateEnd(&z->inf);
	free(z->dict);
	free(z);
	ix->zb = NULL;
}
