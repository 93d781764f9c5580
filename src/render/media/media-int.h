/*
 * media-int.h: the parts of stratus-media.so (render/media.h says what
 * the module is and why), one section per file; media-module.c puts
 * them in the table the binary sees.
 */
#ifndef STRATUS_MEDIA_INT_H
#define STRATUS_MEDIA_INT_H

#include "render/media.h"

/* Interface to code in media-image.c */
struct image *media_decode(const void *data, size_t len, const char *type,
    char **cause);
/* End of interface */

/* Interface to code in media-term.c */
char **media_to_term(const struct image *im, enum image_proto p, int cols,
    int rows, int *out_cols, int *out_rows);
/* End of interface */

/* Interface to code in media-pdf.c */
struct media_pdf *media_pdf_open(const char *file, int width, int height,
    char **cause);
void media_pdf_page(struct media_pdf *p, uint32_t bg);
void media_pdf_text(struct media_pdf *p, int row, int col, int cols,
    const char *s, size_t n, uint32_t fg, uint32_t bg, unsigned attrs);
void media_pdf_image(struct media_pdf *p, int row, int col, int rows,
    int cols, const struct image *im);
void media_pdf_page_end(struct media_pdf *p);
int media_pdf_close(struct media_pdf *p, char **cause);
/* End of interface */

#endif
