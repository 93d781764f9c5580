/*
 * test_note.c: note parsing: title, slug and language rules, every link
 * kind with its line, inline tags, headings, block ids, MDX, the plain
 * text for the index, and hostile input (broken or unterminated YAML,
 * NUL bytes, invalid UTF-8, huge lines, deep nesting, brackets and
 * backticks that never close).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/note.h"
#include "core/util.h"

static struct note *
parse(const char *path, const char *md)
{
	return note_parse(path, md, strlen(md), "en");
}

/* Does link i match? anchor and label NULL mean "none". */
static void
link_is(const struct note *n, size_t i, enum link_kind kind,
    const char *target, const char *anchor, const char *label, int line)
{
	const struct link *l;

	if (i >= n->nlinks)
		fail_msg("link %zu wanted (%s), only %zu", i, target,
		    n->nlinks);
	l = &n->links[i];
	if (l->kind != kind || strcmp(l->target, target) != 0 ||
	    (anchor == NULL) != (l->anchor == NULL) ||
	    (anchor && strcmp(anchor, l->anchor) != 0) ||
	    (label == NULL) != (l->label == NULL) ||
	    (label && strcmp(label, l->label) != 0) || l->line != line)
		fail_msg("link %zu: got kind %d \"%s\" #%s |%s line %d; want "
		    "kind %d \"%s\" #%s |%s line %d", i, l->kind, l->target,
		    l->anchor ? l->anchor : "-", l->label ? l->label : "-",
		    l->line, kind, target, anchor ? anchor : "-",
		    label ? label : "-", line);
}

/* The tags, comma-joined. */
static char *
tags_of(const struct note *n)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n->ntags; i++)
		buf_printf(&b, "%s%s", i ? "," : "", n->tags[i]);
	return buf_take(&b);
}

static void
tags_are(const struct note *n, const char *want)
{
	char *got = tags_of(n);

	assert_string_equal(got, want);
	free(got);
}

static int
count_char(const char *s, int c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

static void
test_helpers(void **state)
{
	char *s;

	s = slugify("AWS Lambda: Cold Starts!");
	assert_string_equal(s, "aws-lambda-cold-starts");
	free(s);
	s = slugify("  Función   Lambda  ");
	assert_string_equal(s, "función-lambda");
	free(s);
	s = slugify("ÉCOLE_Été");
	assert_string_equal(s, "école-été");
	free(s);
	s = slugify("--!!--");
	assert_string_equal(s, "untitled");
	free(s);
	s = slugify("日本語 ノート");
	assert_string_equal(s, "日本語-ノート");
	free(s);
	/* runs of ASCII (copied at once) against other letters and bytes */
	s = slugify("S3Ñandú2GO\xff" "AbC.d");
	assert_string_equal(s, "s3ñandú2go-abc-d");
	free(s);
	s = path_lang_suffix("concepts/serverless.es.md");
	assert_string_equal(s, "es");
	free(s);
	assert_null(path_lang_suffix("concepts/serverless.md"));
	assert_null(path_lang_suffix("es.md"));
	assert_null(path_lang_suffix("socket.IO.md"));
	assert_null(path_lang_suffix("a.esp.md"));
	assert_true(is_note_file("a.md"));
	assert_true(is_note_file("dir/b.markdown"));
	assert_true(is_note_file("c.mdx"));
	assert_true(is_note_file("D.MD"));
	assert_false(is_note_file("a.md.bak"));
	assert_false(is_note_file(".md"));
	assert_false(is_note_file("notes.txt"));
	assert_false(is_note_file("md"));
	s = heading_anchor("Cold Starts: Why?");
	assert_string_equal(s, "cold-starts-why");
	free(s);
	s = heading_anchor("Lambda or containers?");
	assert_string_equal(s, "lambda-or-containers");
	free(s);
	s = heading_anchor("Título Ñandú_x - y");
	assert_string_equal(s, "título-ñandú_x---y");
	free(s);
	s = path_stem("a/b/serverless.es.md");
	assert_string_equal(s, "serverless");
	free(s);
	s = path_stem("Node.js.md");
	assert_string_equal(s, "Node.js");
	free(s);
	s = fold_case("ÀÉÎ ΣΩ ЖЁ Ÿ ABC");
	assert_string_equal(s, "àéî σω жё ÿ abc");
	free(s);
	note_free(NULL);
}

static void
test_title(void **state)
{
	struct note *n;

	n = parse("a/file-name.md", "---\ntitle: From FM\n---\n# From H1\n");
	assert_string_equal(n->title, "From FM");
	note_free(n);
	n = parse("a/x.es.md", "---\ntitle: English\ntitle_es: Español\n"
	    "title_en: English again\n---\n");
	assert_string_equal(n->lang, "es");
	assert_string_equal(n->title, "Español");
	note_free(n);
	n = parse("x.md", "---\ntags: [a]\n---\nIntro\n\n## Not H1\n\n"
	    "# The *First* H1\n\n# Second H1\n");
	assert_string_equal(n->title, "The First H1");
	note_free(n);
	n = parse("x.md", "Setext Title\n============\n\ntext\n");
	assert_string_equal(n->title, "Setext Title");
	assert_int_equal(n->nheadings, 1);
	assert_int_equal(n->headings[0].level, 1);
	assert_int_equal(n->headings[0].line, 1);
	note_free(n);
	n = parse("folder/My Note.es.md", "no heading here\n");
	assert_string_equal(n->title, "My Note");
	note_free(n);
	n = parse("x.md", "---\ntitle: \"  \"\n---\n# Fallback\n");
	assert_string_equal(n->title, "Fallback");
	note_free(n);
	/* fuzz: tabs and YAML escapes never reach a title or a tag */
	n = parse("x.md", "# Tab\there\n");
	assert_string_equal(n->title, "Tab here");
	assert_string_equal(n->headings[0].text, "Tab here");
	note_free(n);
	n = parse("x.md", "---\ntitle: \"Esc\\e[31m red\\tand\\n"
	    "line\"\ntags: \"a\\x07b\"\naliases: [\"\\u0085x\"]\n---\n");
	assert_string_equal(n->title, "Esc[31m red and line");
	tags_are(n, "ab");
	assert_string_equal(n->aliases[0], "x");
	note_free(n);
	n = parse("x.md", "```\n# not a heading\n```\n");
	assert_string_equal(n->title, "x");
	assert_int_equal(n->nheadings, 0);
	note_free(n);
}

static void
test_slug_and_lang(void **state)
{
	struct note *n;

	n = parse("c/AWS Lambda.md", "");
	assert_string_equal(n->slug, "aws-lambda");
	assert_string_equal(n->lang, "en");
	note_free(n);
	n = parse("c/serverless.es.md", "# Sin servidor\n");
	assert_string_equal(n->slug, "serverless");
	assert_string_equal(n->lang, "es");
	note_free(n);
	n = parse("c/x.md", "---\nslug: Custom Slug\nlang: en-US\n---\n");
	assert_string_equal(n->slug, "custom-slug");
	assert_string_equal(n->lang, "en");
	assert_int_equal(n->nwarnings, 0);
	note_free(n);
	n = parse("c/x.de.md", "---\nlang: german\n---\n");
	assert_string_equal(n->lang, "de");
	assert_int_equal(n->nwarnings, 1);
	assert_non_null(strstr(n->warnings[0], "line 2"));
	note_free(n);
	n = note_parse("c/x.md", "hi", 2, "es");
	assert_string_equal(n->lang, "es");
	note_free(n);
	n = note_parse("c/x.md", "hi", 2, NULL);
	assert_string_equal(n->lang, "en");
	note_free(n);
	n = parse("c/Über Größe.md", "");
	assert_string_equal(n->slug, "über-größe");
	note_free(n);
}

static void
test_fields(void **state)
{
	struct note *n;

	n = parse("x.md", "---\ntags: aws, Serverless #skip\naliases: "
	    "[One, \"Two, three\"]\ntype: Concept\nstatus: evergreen\n"
	    "summary: Short.\nsummary_en: English short.\nunknown_field: 1\n"
	    "---\nBody #inline and #AWS again.\n");
	tags_are(n, "aws,serverless,inline");
	assert_int_equal(n->naliases, 2);
	assert_string_equal(n->aliases[1], "Two, three");
	assert_string_equal(n->type, "concept");
	assert_string_equal(n->status, "evergreen");
	assert_string_equal(n->summary, "English short.");
	assert_string_equal(fm_scalar(n->fm, "unknown_field"), "1");
	assert_int_equal(n->nwarnings, 0);
	note_free(n);
	n = parse("x.md", "---\ntags:\n  - \"#One\"\n  - two words\n"
	    "aliases: Solo, Duo\ntype: memo\nstatus: ripe\n---\n");
	tags_are(n, "one,two,words");
	assert_int_equal(n->naliases, 2);
	assert_string_equal(n->aliases[0], "Solo");
	assert_string_equal(n->summary, "");
	assert_int_equal(n->nwarnings, 2);
	assert_non_null(strstr(n->warnings[0], "line 6: unknown type"));
	assert_non_null(strstr(n->warnings[1], "line 7: unknown status"));
	note_free(n);
}

/* No summary: Obsidian's description, else the first sentence of the
 * first paragraph (headings, callouts, code, lists, embeds skipped;
 * markup off), cut at a word when long. */
static void
test_summary_fallbacks(void **state)
{
	struct note *n;
	struct buf big = BUF_INIT;
	int k;

	n = parse("a.md", "---\ndescription: From Obsidian.\n---\n# A\n\n"
	    "Body.\n");
	assert_string_equal(n->summary, "From Obsidian.");
	note_free(n);
	n = parse("b.md", "---\nsummary: Own.\ndescription: Not this.\n---\n");
	assert_string_equal(n->summary, "Own.");
	note_free(n);
	n = parse("c.md", "# Cold starts\n\n> [!tip] A callout\n> inside\n\n"
	    "```sh\nnot this\n```\n\n- nor a list\n\n![[embed]]\n\n"
	    "A **cold start** is the [[init|init phase]] of a [fresh]"
	    "(https://x.org)\nenvironment. It is paid once.\n");
	assert_string_equal(n->summary, "A cold start is the init phase of a "
	    "fresh environment.");
	note_free(n);
	n = parse("d.md", "# Only a heading\n");
	assert_string_equal(n->summary, "");
	note_free(n);
	for (k = 0; k < 100; k++)
		buf_adds(&big, "word ");
	n = parse("e.md", buf_str(&big));
	assert_true(strlen(n->summary) <= 200 + 3);
	assert_non_null(strstr(n->summary, "word\xe2\x80\xa6"));
	note_free(n);
	buf_free(&big);
}

/* Tags match whatever their case, and keep the case first written. */
static void
test_tags_keep_first_case(void **state)
{
	struct note *n = parse("t.md", "---\ntags: [AWS/Lambda]\n---\n"
	    "Text #aws/lambda #Serverless and #serverless.\n");

	tags_are(n, "aws/lambda,serverless");
	assert_non_null(n->tags_shown);
	assert_string_equal(n->tags_shown[0], "AWS/Lambda");
	assert_string_equal(n->tags_shown[1], "Serverless");
	note_free(n);
}

static void
test_wikilinks(void **state)
{
	struct note *n = parse("x.md",
	    "[[Note]] and [[Note|the label]]\n"
	    "[[Note#Heading]] [[Note#^block-1]] [[#Local]]\n"
	    "[[folder/Note]] ![[Embedded]] ![[diagram.png]] [[doc.pdf]]\n"
	    "| a | [[Table\\|cell]] |\n"
	    "[[  spaced  |  label  ]] [[]] [[|x]] [[Node.js]]\n"
	    "[[Note#Heading|label]] ![[Embedded#Part|shown]]\n");

	link_is(n, 0, LINK_WIKI, "Note", NULL, NULL, 1);
	link_is(n, 1, LINK_WIKI, "Note", NULL, "the label", 1);
	link_is(n, 2, LINK_WIKI, "Note", "Heading", NULL, 2);
	link_is(n, 3, LINK_WIKI, "Note", "^block-1", NULL, 2);
	link_is(n, 4, LINK_WIKI, "", "Local", NULL, 2);
	link_is(n, 5, LINK_WIKI, "folder/Note", NULL, NULL, 3);
	link_is(n, 6, LINK_EMBED, "Embedded", NULL, NULL, 3);
	link_is(n, 7, LINK_ATTACHMENT, "diagram.png", NULL, NULL, 3);
	link_is(n, 8, LINK_ATTACHMENT, "doc.pdf", NULL, NULL, 3);
	link_is(n, 9, LINK_WIKI, "Table", NULL, "cell", 4);
	link_is(n, 10, LINK_WIKI, "spaced", NULL, "label", 5);
	link_is(n, 11, LINK_WIKI, "Node.js", NULL, NULL, 5);
	link_is(n, 12, LINK_WIKI, "Note", "Heading", "label", 6);
	link_is(n, 13, LINK_EMBED, "Embedded", "Part", "shown", 6);
	assert_int_equal(n->nlinks, 14);
	assert_non_null(strstr(n->text, "Note and the label\n"));
	assert_non_null(strstr(n->text, "doc.pdf"));
	assert_null(strstr(n->text, "diagram"));
	assert_null(strstr(n->text, "[[Note"));
	assert_non_null(strstr(n->text, "[[]] [[|x]]"));
	note_free(n);
}

static void
test_markdown_links(void **state)
{
	struct note *n = parse("dir/x.md",
	    "---\ntitle: T\n---\n"
	    "[t](other.md) [up](../x/other.md#an-anchor) [sp](<with space.md>)\n"
	    "[pct](Caf%C3%A9%20Cr%C3%A8me.md#Se%C3%B1al) "
	    "[site](/concepts/aws-lambda)\n"
	    "![alt text](pic.png) [pdf](file.pdf) [q](page.md?x=1 \"Title\")\n"
	    "[web](https://example.com/a_b) [mail](mailto:a@b.c) "
	    "<https://auto.example>\n"
	    "[*emph* `code`](styled.md) [](empty-label.md) [t]() [t] (no.md)\n"
	    "[p](a_(b).md) [here](#local-anchor) <me@example.org> [bad%](bad%zz.md)\n"
	    "[![badge](b.svg)](linked.md)\n"
	    "\n"
	    "[ref]: refd.md\n"
	    "[ext]: <https://e.example>\n");

	link_is(n, 0, LINK_MARKDOWN, "other.md", NULL, "t", 4);
	link_is(n, 1, LINK_MARKDOWN, "../x/other.md", "an-anchor", "up", 4);
	link_is(n, 2, LINK_MARKDOWN, "with space.md", NULL, "sp", 4);
	link_is(n, 3, LINK_MARKDOWN, "Café Crème.md", "Señal", "pct", 5);
	link_is(n, 4, LINK_MARKDOWN, "/concepts/aws-lambda", NULL, "site", 5);
	link_is(n, 5, LINK_ATTACHMENT, "pic.png", NULL, NULL, 6);
	link_is(n, 6, LINK_ATTACHMENT, "file.pdf", NULL, "pdf", 6);
	link_is(n, 7, LINK_MARKDOWN, "page.md", NULL, "q", 6);
	link_is(n, 8, LINK_EXTERNAL, "https://example.com/a_b", NULL, "web", 7);
	link_is(n, 9, LINK_EXTERNAL, "mailto:a@b.c", NULL, "mail", 7);
	link_is(n, 10, LINK_EXTERNAL, "https://auto.example", NULL, NULL, 7);
	link_is(n, 11, LINK_MARKDOWN, "styled.md", NULL, "emph code", 8);
	link_is(n, 12, LINK_MARKDOWN, "empty-label.md", NULL, NULL, 8);
	link_is(n, 13, LINK_MARKDOWN, "a_(b).md", NULL, "p", 9);
	link_is(n, 14, LINK_MARKDOWN, "", "local-anchor", "here", 9);
	link_is(n, 15, LINK_EXTERNAL, "mailto:me@example.org", NULL, NULL, 9);
	link_is(n, 16, LINK_MARKDOWN, "bad%zz.md", NULL, "bad%", 9);
	link_is(n, 17, LINK_MARKDOWN, "linked.md", NULL, "badge", 10);
	link_is(n, 18, LINK_MARKDOWN, "refd.md", NULL, NULL, 12);
	link_is(n, 19, LINK_EXTERNAL, "https://e.example", NULL, NULL, 13);
	assert_int_equal(n->nlinks, 20);
	assert_non_null(strstr(n->text, "alt text"));
	assert_non_null(strstr(n->text, "emph code"));
	assert_non_null(strstr(n->text, "[t] (no.md)"));
	assert_null(strstr(n->text, "]("));
	note_free(n);
}

static void
test_concepts(void **state)
{
	struct note *n = parse("x.md", "---\ntitle: T\nconcepts:\n"
	    "  - aws-lambda\n  - \"[[cold-starts]]\"\nrelated: \"[[Other]]\"\n"
	    "more: [\"[[A]]\", plain]\n---\n");

	link_is(n, 0, LINK_CONCEPT, "aws-lambda", NULL, NULL, 4);
	link_is(n, 1, LINK_CONCEPT, "cold-starts", NULL, NULL, 5);
	link_is(n, 2, LINK_WIKI, "Other", NULL, NULL, 6);
	link_is(n, 3, LINK_WIKI, "A", NULL, NULL, 7);
	assert_int_equal(n->nlinks, 4);
	note_free(n);
	n = parse("x.md", "---\nconcepts: a, b,c\n---\n");
	link_is(n, 0, LINK_CONCEPT, "a", NULL, NULL, 2);
	link_is(n, 2, LINK_CONCEPT, "c", NULL, NULL, 2);
	note_free(n);
}

/* A closing fence sits at most three columns into its container, as
 * CommonMark (and so the renderer) reads it: "     ```" under "  ```" is
 * code, and the fence stays open (core/fence.c, issue 15). */
static void
test_code_fence_indent(void **state)
{
	struct note *n = parse("x.md",
	    "  ```\ncode\n     ```\n[[inside]]\n   ```\n[[after]]\n"
	    "- item\n\n  ~~~\n  [[in item]]\n      ~~~\n  [[still]]\n  ~~~\n");

	link_is(n, 0, LINK_WIKI, "after", NULL, NULL, 6);
	assert_int_equal(n->nlinks, 1);
	note_free(n);
}

/* Nothing inside code is a link or a tag. */
static void
test_code(void **state)
{
	struct note *n = parse("x.md",
	    "```js title=\"a\"\n[[f1]] #t1\n```\n"
	    "~~~\n[[f2]]\n```\n[[still f2]]\n~~~\n"
	    "````\n```\n[[f3]]\n```\n````\n"
	    "```\r\n[[crlf]]\r\n```\r\n"
	    "\n    [[indented]] #t2\n\n"
	    "para\n    [[lazy continuation]]\n\n"
	    "`[[span]]` ``a ` [[span2]]`` ```[[x]]``` `x #t3`\n"
	    "<!-- [[c1]] --> [[after comment]]\n"
	    "<!--\n[[c2]]\n#t4\n-->\n"
	    "> ```\n> [[in quote]]\n> ```\n"
	    "- item\n\n  ```\n  [[in item]]\n  ```\n"
	    "`unclosed [[open span]]\n"
	    "```\n[[unclosed fence]]\n");

	link_is(n, 0, LINK_WIKI, "lazy continuation", NULL, NULL, 21);
	link_is(n, 1, LINK_WIKI, "after comment", NULL, NULL, 24);
	link_is(n, 2, LINK_WIKI, "open span", NULL, NULL, 37);
	assert_int_equal(n->nlinks, 3);
	tags_are(n, "");
	assert_non_null(strstr(n->text, "[[f1]] #t1"));
	assert_non_null(strstr(n->text, "a ` [[span2]]"));
	assert_null(strstr(n->text, "c1"));
	assert_null(strstr(n->text, "```js"));
	note_free(n);
}

static void
test_tags(void **state)
{
	struct note *n = parse("x.md",
	    "#start at line start, mid #middle, tab\t#tabbed.\n"
	    "not a#b, not #123, but #1a and #ünïcode and #Mixed/Sub-Tag_x\n"
	    "C# and # alone, url https://x.example/#frag and (#paren)\n"
	    "# Heading #notag\n"
	    "## Another #notag2 ##\n"
	    "Setext #notag3\n---\n"
	    "- list #listtag\n> quote #quotetag\n"
	    "dup #START #middle\n"
	    "#end—dash #emoji🙂\n");

	tags_are(n, "start,middle,tabbed,1a,ünïcode,mixed/sub-tag_x,listtag,"
	    "quotetag,end,emoji");
	assert_int_equal(n->nheadings, 3);
	assert_string_equal(n->headings[2].text, "Setext #notag3");
	note_free(n);
}

static void
test_headings_blocks(void **state)
{
	struct note *n = parse("x.md",
	    "# One\n## Two ##\n### Three [[Linked]] `code`\n#### \n"
	    "####### seven\n#nospace\n  ## Indented\n    # code\n\n"
	    "Sub\n---\n"
	    "A paragraph. ^para-1\n"
	    "- item ^item-2\n"
	    "^standalone\n"
	    "a^b and ^not-at-end here\n");

	assert_int_equal(n->nheadings, 6);
	assert_int_equal(n->headings[0].level, 1);
	assert_string_equal(n->headings[1].text, "Two");
	assert_int_equal(n->headings[1].line, 2);
	assert_string_equal(n->headings[2].text, "Three Linked code");
	assert_string_equal(n->headings[2].anchor, "three-linked-code");
	assert_string_equal(n->headings[3].text, "");
	assert_int_equal(n->headings[3].level, 4);
	assert_string_equal(n->headings[4].text, "Indented");
	assert_int_equal(n->headings[5].level, 2);
	assert_string_equal(n->headings[5].text, "Sub");
	assert_int_equal(n->headings[5].line, 10);
	link_is(n, 0, LINK_WIKI, "Linked", NULL, NULL, 3);
	assert_int_equal(n->nblocks, 3);
	assert_string_equal(n->blocks[0], "para-1");
	assert_string_equal(n->blocks[1], "item-2");
	assert_string_equal(n->blocks[2], "standalone");
	assert_null(strstr(n->text, "^para-1"));
	note_free(n);
}

static void
test_mdx(void **state)
{
	struct note *n = parse("x.mdx",
	    "---\ntitle: M\n---\n"
	    "import Card from './Card'\n"
	    "import { Tabs,\n  Tab } from 'x'\n"
	    "export const meta = {\n  title: 'not text',\n}\n"
	    "\n"
	    "# Hello\n"
	    "<Card title=\"Card title\" href=\"/x\" description='Desc'>\n"
	    "Inside text [[Inner]]\n"
	    "</Card>\n"
	    "<Image alt=\"An image\" src=\"a.png\" />\n"
	    "<Callout\n  label=\"Multi-line\"\n  data={{a: 1}}\n"
	    "  subtitle={\"Braced\"}\n>\nbody\n</Callout>\n"
	    "Text {props.value} and {/* comment */} end.\n");

	assert_null(strstr(n->text, "import"));
	assert_null(strstr(n->text, "not text"));
	assert_null(strstr(n->text, "<"));
	assert_null(strstr(n->text, "href"));
	assert_null(strstr(n->text, "props"));
	assert_non_null(strstr(n->text, "Card title"));
	assert_non_null(strstr(n->text, "Desc"));
	assert_non_null(strstr(n->text, "Inside text Inner"));
	assert_non_null(strstr(n->text, "An image"));
	assert_non_null(strstr(n->text, "Multi-line"));
	assert_non_null(strstr(n->text, "Braced"));
	assert_non_null(strstr(n->text, "Text  and  end."));
	assert_string_equal(n->title, "M");
	link_is(n, 0, LINK_WIKI, "Inner", NULL, NULL, 13);
	assert_int_equal(n->nlinks, 1);
	note_free(n);
	/* in a .md file an "import" line is prose */
	n = parse("x.md", "import this sentence\n");
	assert_non_null(strstr(n->text, "import this sentence"));
	note_free(n);
}

static void
test_text(void **state)
{
	static const char md[] = "---\ntitle: T\n---\n"
	    "# Heading *one*\n"
	    "Some **bold**, _em_, ~~strike~~, snake_case_name, 2 * 3.\n"
	    "> quoted line\n"
	    "- [ ] task one\n"
	    "1. first\n"
	    "| a | b |\n|---|:-:|\n| c | d |\n"
	    "***\n"
	    "esc\x1b[31mred\x1b[0m bel\a del\x7f c1\xc2\x85x tab\tok\n"
	    "bad \xff\xfe byte and \xe2\x82 cut\n"
	    "nul\0byte [[No\0te]]\n"
	    "&amp; &lt;tag&gt; &#233; &#x1F600; &#0; &unknown;\n"
	    "\\*not emph\\* and a \\[literal\\]\n";
	struct note *n = note_parse("x.md", md, sizeof md - 1, "en");
	const char *t = n->text;

	assert_non_null(strstr(t, "Heading one\n"));
	assert_non_null(strstr(t, "Some bold, em, strike, snake_case_name, "
	    "2 * 3.\n"));
	assert_non_null(strstr(t, "\nquoted line\n"));
	assert_non_null(strstr(t, "\ntask one\n"));
	assert_non_null(strstr(t, "\nfirst\n"));
	assert_non_null(strstr(t, "  a   b  \n\n  c   d  \n"));
	assert_non_null(strstr(t, "esc[31mred[0m bel del c1x tab\tok"));
	assert_non_null(strstr(t, "bad \xef\xbf\xbd\xef\xbf\xbd byte and "
	    "\xef\xbf\xbd\xef\xbf\xbd cut"));
	assert_non_null(strstr(t, "nulbyte Note\n"));
	assert_non_null(strstr(t, "& <tag> \xc3\xa9 \xf0\x9f\x98\x80 "
	    "\xef\xbf\xbd &unknown;"));
	assert_non_null(strstr(t, "*not emph* and a [literal]"));
	link_is(n, 0, LINK_WIKI, "Note", NULL, NULL, 15);
	/* one text line per body line */
	assert_int_equal(count_char(t, '\n'), 14);
	assert_int_equal(n->nwarnings, 2);
	assert_string_equal(n->warnings[0], "line 15: NUL bytes removed");
	assert_string_equal(n->warnings[1],
	    "line 14: invalid UTF-8 replaced by U+FFFD");
	for (; *t; t++)
		assert_true((unsigned char)*t >= 0x20 || *t == '\n' ||
		    *t == '\t');
	note_free(n);
}

static void
test_crlf_bom(void **state)
{
	static const char md[] = "\xef\xbb\xbf---\r\ntitle: T\r\ntags: [a]\r\n"
	    "---\r\n# Heading\r\n\r\nSee [[x]] #tag\r\nold mac\rline [[y]]\r\n";
	struct note *n = note_parse("x.md", md, sizeof md - 1, "en");

	assert_string_equal(n->title, "T");
	assert_int_equal(n->body_line, 5);
	assert_string_equal(md + n->body_offset, "# Heading\r\n\r\nSee [[x]] "
	    "#tag\r\nold mac\rline [[y]]\r\n");
	link_is(n, 0, LINK_WIKI, "x", NULL, NULL, 7);
	link_is(n, 1, LINK_WIKI, "y", NULL, NULL, 9);
	tags_are(n, "a,tag");
	assert_null(strchr(n->text, '\r'));
	assert_int_equal(n->nwarnings, 0);
	note_free(n);
	n = parse("x.md", "\xef\xbb\xbf# Only BOM\n");
	assert_string_equal(n->title, "Only BOM");
	assert_int_equal(n->body_offset, 3);
	note_free(n);
}

static void
test_bad_frontmatter(void **state)
{
	struct note *n;

	n = parse("x.md", "---\ntitle: x\ntags: [a, b\n---\n# Body title\n"
	    "[[Still]] #read\n");
	assert_int_equal(n->nwarnings, 1);
	assert_true(str_starts(n->warnings[0], "line 4:"));
	assert_non_null(n->fm->error);
	assert_string_equal(n->title, "x");
	link_is(n, 0, LINK_WIKI, "Still", NULL, NULL, 6);
	tags_are(n, "read");
	note_free(n);
	n = parse("x.md", "---\ntitle: tabs\ntags:\n\t- a\n---\nbody\n");
	assert_int_equal(n->nwarnings, 1);
	assert_non_null(strstr(n->warnings[0], "tabs"));
	assert_non_null(strstr(n->text, "body"));
	note_free(n);
	/* unterminated: no frontmatter, the lines are the body */
	n = parse("x.md", "---\ntitle: never closed\n[[Link]]\n");
	assert_int_equal(n->nwarnings, 1);
	assert_string_equal(n->warnings[0], "line 1: frontmatter has no "
	    "closing '---' line; read as text");
	assert_int_equal(n->fm->nfields, 0);
	link_is(n, 0, LINK_WIKI, "Link", NULL, NULL, 3);
	assert_string_equal(n->title, "x");
	note_free(n);
	/* a YAML bomb inside a note */
	{
		struct buf b = BUF_INIT;
		char c;
		int k;

		buf_adds(&b, "---\na: &a [x,x,x,x,x,x,x,x,x]\n");
		for (c = 'b'; c <= 'z'; c++) {
			buf_printf(&b, "%c: &%c [", c, c);
			for (k = 0; k < 9; k++)
				buf_printf(&b, "%s*%c", k ? "," : "", c - 1);
			buf_adds(&b, "]\n");
		}
		buf_adds(&b, "---\n# Survived\n");
		n = note_parse("x.md", b.ptr, b.len, "en");
		assert_string_equal(n->title, "Survived");
		note_free(n);
		buf_free(&b);
	}
}

static void
test_hostile(void **state)
{
	struct buf b = BUF_INIT;
	struct note *n;
	int i;

	/* 10,000 nested list items on one line, and 2,000 on their own */
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "- ");
	buf_adds(&b, "deep [[Deep]] #deep\n");
	for (i = 0; i < 2000; i++) {
		buf_printf(&b, "%*s- item %d\n", i * 2, "", i);
	}
	buf_printf(&b, "%*s[[Deepest]]\n", 4000, "");
	for (i = 0; i < 10000; i++)
		buf_adds(&b, "> ");
	buf_adds(&b, "quoted [[Quoted]]\n");
	n = note_parse("x.md", b.ptr, b.len, "en");
	link_is(n, 0, LINK_WIKI, "Deep", NULL, NULL, 1);
	link_is(n, 1, LINK_WIKI, "Deepest", NULL, NULL, 2002);
	link_is(n, 2, LINK_WIKI, "Quoted", NULL, NULL, 2003);
	tags_are(n, "deep");
	note_free(n);
	buf_reset(&b);

	/* a 1 MB line with a link at its very end */
	for (i = 0; i < 1 << 20; i++)
		buf_addc(&b, "ab *_`[](#!<&"[i % 13]);
	buf_adds(&b, " [[End]]\n");
	n = note_parse("x.md", b.ptr, b.len, "en");
	assert_true(n->nlinks >= 1);
	assert_string_equal(n->links[n->nlinks - 1].target, "End");
	note_free(n);
	buf_reset(&b);

	/* brackets and backticks that never close, by the hundred thousand */
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "[[ [ ` `` ![ <!-- <a ");
	buf_adds(&b, "\n");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "]] ] ) ");
	buf_adds(&b, "\n[[after]]\n");
	n = note_parse("x.md", b.ptr, b.len, "en");
	/* the comment opened on line 1 never closes: it hides the rest */
	assert_int_equal(n->nlinks, 0);
	note_free(n);
	buf_reset(&b);
	for (i = 0; i < 50000; i++)
		buf_adds(&b, "[a](");
	for (i = 0; i < 50000; i++)
		buf_adds(&b, "[");
	buf_adds(&b, "x");
	for (i = 0; i < 50000; i++)
		buf_adds(&b, "](y)");
	buf_adds(&b, "\n`` ` ``` [[x\n");
	/* each of these once cost a scan to the end of the line per try */
	for (i = 0; i < 50000; i++)
		buf_adds(&b, "[a](x (");
	buf_adds(&b, "\n");
	for (i = 0; i < 50000; i++)
		buf_adds(&b, "[a](x \"");
	buf_adds(&b, "\n");
	for (i = 0; i < 100000; i++)
		buf_adds(&b, "{{");
	buf_adds(&b, "\n");
	for (i = 0; i < 30000; i++)
		buf_adds(&b, "- * ");
	buf_adds(&b, "-\n[ok](ok.md)\n");
	n = note_parse("x.mdx", b.ptr, b.len, "en");
	link_is(n, n->nlinks - 1, LINK_MARKDOWN, "ok.md", NULL, "ok", 7);
	note_free(n);
	buf_free(&b);

	n = parse("x.md", "[[a [[b]] c]] ]] [[ [[\n[[unclosed\n]]\n[x](\n");
	link_is(n, 0, LINK_WIKI, "b", NULL, NULL, 1);
	assert_int_equal(n->nlinks, 1);
	note_free(n);

	n = note_parse("x.md", "", 0, "en");
	assert_string_equal(n->text, "");
	assert_string_equal(n->title, "x");
	note_free(n);
}

static void
test_links_extract(void **state)
{
	static const char md[] = "[[a]]\n\n```\n[[b]]\n```\n[c](c.md)\n";
	struct link *l;
	size_t n;

	links_extract(md, sizeof md - 1, 10, 0, &l, &n);
	assert_int_equal(n, 2);
	assert_string_equal(l[0].target, "a");
	assert_int_equal(l[0].line, 10);
	assert_string_equal(l[1].target, "c.md");
	assert_int_equal(l[1].line, 15);
	links_free(l, n);
	links_extract("", 0, 1, 1, &l, &n);
	assert_int_equal(n, 0);
	links_free(l, n);
}

/* Decks in slides/ by their start; HTML anchors, bounded, never in code. */
static void
test_decks_and_ids(void **state)
{
	static const char slidev[] = "---\ntheme: seriph\n---\n# Hi\n";
	static const char note[] = "---\ntitle: x\n---\n# theme: no\n";
	static const char pterm[] = "# A\n<!-- end_slide -->\n# B\n";
	struct buf big = BUF_INIT;
	struct note *n;
	size_t i;

	(void)state;
	assert_true(note_is_deck("slides/a.md", slidev, strlen(slidev)));
	assert_true(note_is_deck("slides/b.md", pterm, strlen(pterm)));
	assert_true(note_is_deck("slides/c.md", "%title: T\n", 10));
	assert_false(note_is_deck("notes/a.md", slidev, strlen(slidev)));
	assert_false(note_is_deck("slides/n.md", note, strlen(note)));
	assert_false(note_is_deck("slides/e.md", "", 0));
	assert_false(note_is_deck("slides/f.md", "---", 3));
	assert_false(note_is_deck("slides/g.md", NULL, 0));
	/* an unterminated headmatter of 1 MB of "a:" lines: bounded */
	buf_adds(&big, "---\n");
	while (big.len < (1 << 20))
		buf_adds(&big, "a: b\n");
	buf_adds(&big, "theme: x\n");
	assert_false(note_is_deck("slides/h.md", big.ptr, big.len));
	buf_free(&big);

	n = parse("x.md", "<a name=\"top\"></a>\n\n<h2 id='req'>R</h2>\n"
	    "<code id=\"opt\">t</code> <input name=\"q\">\n\n"
	    "```html\n<a id=\"in-code\"></a>\n```\n\n"
	    "    <a id=\"indented\"></a>\n\n`<b id=\"span\">`\n");
	assert_true(n->nids >= 3 && n->nids <= 4);
	assert_string_equal(n->ids[0], "top");
	assert_string_equal(n->ids[1], "req");
	assert_string_equal(n->ids[2], "opt");
	for (i = 0; i < n->nids; i++) {
		assert_string_not_equal(n->ids[i], "in-code");
		assert_string_not_equal(n->ids[i], "indented");
		assert_string_not_equal(n->ids[i], "span");
	}
	note_free(n);
	/* 100,000 ids: at most 4096 kept */
	buf_adds(&big, "");
	for (i = 0; i < 100000; i++)
		buf_printf(&big, "<span id=\"i%zu\"></span>\n", i);
	n = parse("y.md", big.ptr);
	assert_int_equal(n->nids, 4096);
	note_free(n);
	buf_free(&big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_fallbacks),
		cmocka_unit_test(test_tags_keep_first_case),
		cmocka_unit_test(test_helpers),
		cmocka_unit_test(test_title),
		cmocka_unit_test(test_slug_and_lang),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_wikilinks),
		cmocka_unit_test(test_markdown_links),
		cmocka_unit_test(test_decks_and_ids),
		cmocka_unit_test(test_concepts),
		cmocka_unit_test(test_code),
		cmocka_unit_test(test_code_fence_indent),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_headings_blocks),
		cmocka_unit_test(test_mdx),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_crlf_bom),
		cmocka_unit_test(test_bad_frontmatter),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_links_extract),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
