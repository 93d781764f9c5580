/*
 * graphmap.h: a note's neighbourhood laid out as text, headless. The
 * centre note is a box in the middle; the notes it links to stand on the
 * right, the notes linking to it on the left, each joined to the centre
 * by box-drawing lines with an arrow head showing the link's direction
 * (◀─▶ both ways). At depth 2 the second ring hangs off the first, one
 * more column outwards, each under the first neighbour it is linked to.
 *
 *        Cold starts ──▶┤          ├──▶ Amazon S3
 *   Event-driven arch ◀─▶┤╭───────╮├──▶ Amazon SQS
 *                        ╰┤Lambda │├◀── Serverless
 *                          ╰───────╯
 *
 * Nodes sit in columns -2..2 (0 the centre) so that arrows can move a
 * selection between them.
 */
#ifndef STRATUS_GRAPHMAP_H
#define STRATUS_GRAPHMAP_H

#include <stddef.h>

#include "core/index.h"
#include "render/render.h"

/* At most this many nodes are placed; the rest are counted. */
#define GMAP_MAXNODES 400

struct gmap_node {
	size_t node;		/* index into graph.nodes */
	int col;		/* -2..2; 0 is the centre */
	int row, x, w;		/* where its label is drawn */
	int parent;		/* index into gmap.placed, -1 for the centre */
};

struct gmap {
	int rows, cols;		/* canvas size */
	struct gmap_node *placed;
	size_t nplaced;
	size_t centre;		/* index into placed */
	long not_shown;		/* nodes beyond GMAP_MAXNODES */
	long not_drawn;		/* edges between nodes that are not drawn */
	struct gcell *cells;	/* rows * cols (private) */
};

/*
 * Lay out g around the node whose slug is centre (depth 1 or 2: how many
 * rings to draw) for a canvas width columns wide (>= 30); when the
 * neighbours fit in height rows with a blank row between them, they get
 * one. Returns NULL when centre is not in g.
 */
struct gmap *gmap_build(const struct graph *g, const char *centre,
    int depth, int width, int height);
void gmap_free(struct gmap *m);

/*
 * Row r of the canvas as a rendered line: text and spans (the centre
 * ST_STRONG, neighbours ST_LINK, the placed node sel ST_SELECTED, arrows
 * ST_MARKER, lines ST_RULE). Each span's link field is the index of the
 * placed node it shows, or -1. Free with line_clear() (tui/line.h).
 */
void gmap_line(const struct gmap *m, int r, size_t sel, struct rline *out);

/* The placed node nearest to from in direction dy (-1 up, 1 down, rows
 * of the same column) or dx (-1 left, 1 right, the nearest row of the
 * next column that has nodes). Returns from when there is none. */
size_t gmap_move(const struct gmap *m, size_t from, int dx, int dy);
/* The placed node drawn at (row, x), or -1. */
long gmap_hit(const struct gmap *m, int row, int x);

#endif
