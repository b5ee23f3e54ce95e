#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, so its encoding.h includes the system's ICU headers. Swift's
 * Foundation carries its own ICU (_FoundationICU) with a different UErrorCode, and clang rejects
 * the two definitions in one module graph (a build-order-dependent failure). docpipe hands libxml2
 * UTF-8 only and never touches its ICU converters, which sit at the end of a struct it never
 * allocates, so the ICU parts of the headers are left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parserInternals.h>
#endif
