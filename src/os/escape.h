/* escape.h -- one byte string as printable text and back (src/os): the
 * escaping of the stage report format (src/receive/README.md, "The
 * stage report"). Every byte below 0x21 (space, tab, newline, controls),
 * at or above 0x7f, and '\' is written \xHH (two lowercase hex digits);
 * every other byte is itself. The escaped form holds no tab, newline or
 * space, so it can be a field of a tab-separated line. */
#ifndef AIRLOCK_OS_ESCAPE_H
#define AIRLOCK_OS_ESCAPE_H

#include <stddef.h>
#include <stdint.h>

/* Escapes the n bytes of b into out (cap bytes, NUL-terminated).
 * Returns the length written, or -1 if it does not fit (out then holds
 * an empty string). */
long os_escape(const uint8_t *b, size_t n, char *out, size_t cap);

/* Reverses os_escape over the NUL-terminated s into out (cap bytes,
 * NUL-terminated). Returns the number of bytes, or -1 if s is not in
 * the escaped form (a byte that should have been escaped, a bad \xHH,
 * an escaped byte that need not be) or does not fit. An escaped NUL is
 * refused, so the result is a C string. */
long os_unescape(const char *s, char *out, size_t cap);

#endif
