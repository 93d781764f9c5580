/*
 * present-links.c: from the talk into the knowledge base and back. The
 * note links of the slide on screen (those its steps have revealed) are
 * selected with Tab and Shift-Tab; Enter opens the note in the
 * explorer's own views over the slide (tui/peek.h), and leaving them
 * shows the slide again at the same step, the timer having run on. The
 * links are looked up in the index of the deck's vault, which the
 * caller opens (present_opts.notes) the first time one is needed.
 */
#include "deck/deck-int.h"
#include "deck/frame.h"
#include "deck/present.h"
#include "core/index.h"
#include "core/util.h"
#include "tui/peek.h"
#include "tui/screen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
links_clear(struct pres_links *lk)
{
	size_t i;

	for (i = 0; i < lk->n; i++) {
		free(lk->v[i].target);
		free(lk->v[i].anchor);
		free(lk->v[i].key);
		free(lk->v[i].lang);
		free(lk->v[i].title);
	}
	free(lk->v);
	lk->v = NULL;
	lk->n = 0;
	lk->valid = 0;
}

void
pres_links_reset(struct pres *p)
{
	links_clear(&p->lk);
	p->lk.sel = 0;
}

void
pres_links_take(struct pres *p, struct slide_frame *f)
{
	struct pres_links *lk = &p->lk;
	size_t i;

	if (p->nshown == 0 || (lk->valid && lk->slide == p->shown[p->cur] &&
	    lk->step == p->step))
		return;
	links_clear(lk);
	lk->v = xcalloc(f->nlinks + 1, sizeof *lk->v);
	for (i = 0; i < f->nlinks; i++) {
		lk->v[i].target = f->links[i].target;
		lk->v[i].anchor = f->links[i].anchor;
		lk->v[i].wiki = f->links[i].wiki;
		lk->v[i].found = -1;
		f->links[i].target = f->links[i].anchor = NULL;
	}
	lk->n = f->nlinks;
	lk->slide = p->shown[p->cur];
	lk->step = p->step;
	lk->valid = 1;
	if ((size_t)lk->sel > lk->n)
		lk->sel = 0;
}

/* The links of the slide as it shows now, composed when p has none. */
static void
links_now(struct pres *p)
{
	struct frame_opts o;
	struct slide_frame f;

	if (p->nshown == 0 || (p->lk.valid && p->lk.slide ==
	    p->shown[p->cur] && p->lk.step == p->step))
		return;
	memset(&o, 0, sizeof o);
	o.width = p->cols > 0 ? p->cols : 80;
	o.height = p->rows > 0 ? p->rows : 24;
	o.elapsed = -1;
	o.no_footer = 1;
	slide_frame_compose(p->deck, p->shown[p->cur], p->step, &o, &f);
	pres_links_take(p, &f);
	slide_frame_clear(&f);
}

/* The vault-relative path of the file the Markdown link target names
 * from the deck's folder, when that file is in the vault; else NULL. */
static char *
vault_path(struct pres *p, const char *target)
{
	const char *vault = index_vault(p->lk.ix);
	char *dir = path_dir(p->deck->path ? p->deck->path : "."), *j, *real;
	char *rel = NULL;
	size_t n = strlen(vault);

	j = path_join(*dir ? dir : ".", target);
	real = path_real(j);
	if (real && strncmp(real, vault, n) == 0 && real[n] == '/')
		rel = xstrdup(real + n + 1);
	free(real);
	free(j);
	free(dir);
	return rel;
}

/* Look l up: a wikilink as the explorer follows one; a Markdown link as
 * the file it names from the deck's folder, else as a vault path. */
static void
lookup(struct pres *p, struct pres_link *l)
{
	struct doc d = {0};
	char *cause = NULL, *rel = NULL;
	const char *name = l->target;
	int rc;

	if (!l->wiki && *name != '/')
		rel = vault_path(p, name);
	while (*name == '/')
		name++;
	rc = index_find(p->lk.ix, rel ? rel : name, p->o->lang, &d, &cause);
	if (rc != 0 && rel) {
		free(cause);
		cause = NULL;
		doc_clear(&d);
		rc = index_find(p->lk.ix, name, p->o->lang, &d, &cause);
	}
	l->found = rc == 0;
	if (l->found) {
		l->key = xstrdup(d.key);
		l->lang = xstrdup(d.lang);
		l->title = xstrdup(*d.title ? d.title : d.slug);
	}
	doc_clear(&d);
	free(cause);
	free(rel);
}

int
pres_links_resolve(struct pres *p)
{
	struct pres_links *lk = &p->lk;
	size_t i;

	lk->want_ix = 0;
	if (!lk->ix_tried) {
		lk->ix_tried = 1;
		if (!p->o->notes)
			lk->ix_why = xstrdup("no vault to look notes up in");
		else if (p->o->notes(p->o->notes_arg, &lk->ix,
		    &lk->ix_why) < 0) {
			lk->ix = NULL;
			if (!lk->ix_why)
				lk->ix_why = xstrdup("the notes' index "
				    "cannot be opened");
		}
	}
	if (!lk->ix)
		return -1;
	for (i = 0; i < lk->n; i++)
		if (lk->v[i].found < 0)
			lookup(p, &lk->v[i]);
	return 0;
}

void
pres_links_warm(struct pres *p)
{
	const struct slide *s;
	size_t i, k;

	if (!p->o->presenter || p->lk.ix_tried)
		return;
	for (i = 0; i < p->nshown; i++) {
		s = &p->deck->slides[p->shown[i]];
		for (k = 0; k < s->nparts; k++)
			if (strstr(s->parts[k].md, "[[") ||
			    strstr(s->parts[k].md, "](")) {
				pres_links_resolve(p);
				p->dirty = 1;
				return;
			}
	}
}

/* What the footer calls link l. */
static const char *
link_name(const struct pres_link *l)
{
	return l->found == 1 ? l->title : l->target;
}

void
pres_links_select(struct pres *p, int dir)
{
	struct pres_links *lk = &p->lk;
	const struct pres_link *l;
	int n;

	p->dirty = 1;
	links_now(p);
	n = (int)lk->n;
	if (n == 0) {
		lk->sel = 0;
		snprintf(p->msg, sizeof p->msg, "no links to notes on this "
		    "slide%s", p->nshown && pres_cur_slide(p)->nsteps >
		    p->step + 1 ? " yet" : "");
		return;
	}
	if (lk->sel == 0)
		lk->sel = dir > 0 ? 1 : n;
	else
		lk->sel = (lk->sel - 1 + dir + n) % n + 1;
	pres_links_resolve(p);	/* the first time, opens the notes */
	l = &lk->v[lk->sel - 1];
	snprintf(p->msg, sizeof p->msg, "link %d/%d: %s%s%s%s", lk->sel, n,
	    link_name(l), l->anchor ? " › " : "", l->anchor ? l->anchor : "",
	    l->found == 0 ? " (no such note)" : " · Enter opens it");
}

void
pres_links_open(struct pres *p)
{
	struct pres_links *lk = &p->lk;
	const struct pres_link *l;

	p->dirty = 1;
	links_now(p);
	if (lk->sel < 1 || (size_t)lk->sel > lk->n)
		return;
	l = &lk->v[lk->sel - 1];
	if (pres_links_resolve(p) < 0) {
		snprintf(p->msg, sizeof p->msg, "“%s”: %s", l->target,
		    lk->ix_why);
		return;
	}
	if (l->found != 1) {
		snprintf(p->msg, sizeof p->msg, "unresolved link: no note "
		    "“%s” in %s", l->target, path_base(index_vault(lk->ix)));
		return;
	}
	peek_free(p->peek);
	p->peek = peek_open(lk->ix, p->theme, p->o->lang, l->key, l->lang,
	    l->anchor, screen_rows(p->scr), screen_cols(p->scr));
}

void
pres_links_free(struct pres *p)
{
	pres_links_reset(p);
	peek_free(p->peek);
	p->peek = NULL;
	free(p->lk.ix_why);
	p->lk.ix_why = NULL;
}
