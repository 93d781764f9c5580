/*
 * media-module.c (stratus-media.so): the module's one exported symbol,
 * its table of entry points (render/media.h). Everything else in the
 * module is hidden (-fvisibility=hidden), so nothing of it can clash
 * with the binary or the libraries it loads.
 */
#include "render/media/media-int.h"

const struct media_api *stratus_media_api(void)
    __attribute__((visibility("default")));

static const struct media_api api = {
	.abi = MEDIA_ABI,
	.decode = media_decode,
	.to_term = media_to_term,
	.pdf_open = media_pdf_open,
	.pdf_page = media_pdf_page,
	.pdf_text = media_pdf_text,
	.pdf_image = media_pdf_image,
	.pdf_page_end = media_pdf_page_end,
	.pdf_close = media_pdf_close,
};

const struct media_api *
stratus_media_api(void)
{
	return &api;
}
