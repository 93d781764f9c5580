/*
 * fuzz_image.c: the image loader (render/image.h, image_decode) and the
 * terminal encoder on any bytes: PNG, JPEG and GIF through gdk-pixbuf,
 * SVG through librsvg. Decoding either fails with a cause or gives an
 * image within the size limits whose pixel rows are all there; a decoded
 * image encodes for the terminal in symbols without crashing, into at
 * most the rows asked for.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/image.h"
#include "render/image-term.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image *im;
	char *cause = NULL;
	char **lines;
	int cols = 0, rows = 0;
	size_t n = 0;
	unsigned sum = 0;

	im = image_decode(data, size, &cause);
	if (!im) {
		CHECK(cause != NULL);
		free(cause);
		return 0;
	}
	CHECK(cause == NULL);
	CHECK(im->width > 0 && im->height > 0);
	CHECK(im->width <= IMAGE_MAX_SIDE && im->height <= IMAGE_MAX_SIDE);
	CHECK((long long)im->width * im->height <= IMAGE_MAX_PIXELS);
	CHECK(im->stride >= im->width * 4);
	/* every byte is there (ASan catches a short buffer) */
	sum += im->pixels[(size_t)im->stride * (size_t)(im->height - 1) +
	    (size_t)im->width * 4 - 1];
	(void)sum;
	lines = image_to_term(im, PROTO_SYMBOLS, 12, 6, &cols, &rows);
	CHECK(lines != NULL);
	while (lines[n])
		n++;
	CHECK(cols >= 1 && cols <= 12 && rows >= 1 && rows <= 6);
	CHECK(n == (size_t)rows);
	image_lines_free(lines);
	image_free(im);
	return 0;
}
