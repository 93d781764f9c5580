/*
 * fuzz_sync_item.c: a DynamoDB META item from the cloud (the input up to
 * its first NUL, as JSON) through node_from_item(), with the rest of the
 * input as its bodies, then written as the note files a pull writes and
 * read back. The node must keep map.h's promises: a valid slug, a node
 * type safe as a path part, one-line clean text in every field, unique
 * tags, bodies without control characters. Each file must hold its body
 * byte for byte after the frontmatter (a body's ETag is reused on that
 * promise), and a node with titles reads back as the same node (else a
 * killed pull would look like a conflict).
 */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/frontmatter.h"
#include "core/note.h"
#include "sync/map.h"
#include "fuzz.h"

static int
line(const char *s)
{
	return !s || fuzz_clean(s, strlen(s), "", 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nul = memchr(in, 0, size);
	size_t jlen = nul ? (size_t)(nul - in) : size, fixed = 0, i, j;
	const char *body = nul ? nul + 1 : "";
	size_t blen = nul ? size - jlen - 1 : 0;
	struct local_note ln;
	struct node nd, back;
	char *cause = NULL;
	cJSON *item;
	int l;

	item = cJSON_ParseWithLength(in, jlen);
	memset(&nd, 0, sizeof nd);
	if (node_from_item(item, &nd, &fixed, &cause) < 0) {
		CHECK(cause != NULL && strchr(cause, '\n') == NULL);
		free(cause);
		node_clear(&nd);
		cJSON_Delete(item);
		return 0;
	}
	cJSON_Delete(item);
	CHECK(slug_valid(nd.slug));
	CHECK(node_type_valid(nd.node_type));
	CHECK(line(nd.status) && line(nd.visibility) && line(nd.title) &&
	    line(nd.title_es) && line(nd.title_en) && line(nd.summary_es) &&
	    line(nd.summary_en) && line(nd.created_at) &&
	    line(nd.updated_at));
	for (i = 0; i < nd.ntags; i++) {
		CHECK(nd.tags[i][0] != '\0' && line(nd.tags[i]));
		for (j = i + 1; j < nd.ntags; j++)
			CHECK(strcmp(nd.tags[i], nd.tags[j]) != 0);
	}
	/* the bodies as a pull takes them: the rest of the input, cleaned,
	 * Spanish the first half, English the whole */
	node_take_body(&nd, LANG_ES, body, blen / 2, "etag-es", &fixed);
	node_take_body(&nd, LANG_EN, body, blen, NULL, &fixed);
	for (l = 0; l < NLANGS; l++)
		CHECK(fuzz_clean(nd.body[l], nd.body_len[l], "\t\n", 0) &&
		    strlen(nd.body[l]) == nd.body_len[l]);
	node_add_edge(&nd, "serverless");
	node_add_edge(&nd, "aws-lambda");
	node_add_edge(&nd, "serverless");
	node_sort_edges(&nd);
	CHECK(nd.nedges >= 1 && nd.nedges <= 2);

	memset(&ln, 0, sizeof ln);
	ln.slug = nd.slug;
	ln.text = calloc(1, sizeof *ln.text);
	CHECK(ln.text != NULL);
	for (l = 0; l < NLANGS; l++) {
		struct local_text *t = ln.text;
		size_t yo, yl, bo;
		struct frontmatter *fm;

		t->data[l] = note_text(&nd, l, NULL, 0, 1, &t->len[l]);
		CHECK(fm_locate(t->data[l], t->len[l], &yo, &yl, &bo));
		CHECK(t->len[l] - bo == nd.body_len[l]);
		CHECK(memcmp(t->data[l] + bo, nd.body[l], nd.body_len[l]) == 0);
		/* the frontmatter is valid YAML with the node's type */
		fm = fm_parse(t->data[l] + yo, yl);
		CHECK(fm->error == NULL);
		CHECK(fm_scalar(fm, "type") &&
		    strcmp(fm_scalar(fm, "type"), nd.node_type) == 0);
		fm_free(fm);
		ln.path[l] = l == LANG_ES ? "concepts/x.es.md" :
		    "concepts/x.md";
		t->n[l] = note_parse(ln.path[l], t->data[l], t->len[l], "en");
		CHECK(t->n[l]->body_offset == bo);
	}
	node_from_local(&ln, &back);
	if (nd.title_es && *nd.title_es && nd.title_en && *nd.title_en) {
		if (!node_same(&nd, &back)) {
			fprintf(stderr, "not the same node: '%s' '%s' / '%s' "
			    "'%s'\n", nd.title_es, nd.title_en, back.title_es,
			    back.title_en);
			CHECK(node_same(&nd, &back));
		}
	}
	node_clear(&back);
	local_note_clear(&ln);
	node_clear(&nd);
	return 0;
}
