/*
 * airlock-sigcheck: read the signed part of an RPM file exactly once.
 *
 * An RPM file is: a 96-byte lead, the signature header, zero to seven
 * bytes of padding to an 8-byte boundary, the main header, the payload.
 * Each header is 8 bytes of magic (8e ad e8 01, then 4 reserved bytes),
 * a big-endian index count il and data length dl, 16*il bytes of index,
 * then dl bytes of data.
 *
 * This module only finds the boundaries (so that every byte is read from
 * the file once, and librpm checks the very bytes the payload digest is
 * then compared against). It checks magics and sizes, nothing else; the
 * structure inside each header is librpm's job.
 */
#ifndef AIRLOCK_SIGCHECK_LAYOUT_H
#define AIRLOCK_SIGCHECK_LAYOUT_H

#include <stddef.h>
#include <stdint.h>
#include "verdict.h"

#define SC_LEAD_SIZE 96
/* Largest header (intro + index + data) accepted, for each of the two. */
#define SC_HEADER_MAX ((size_t)64 << 20)

struct sc_layout {
    unsigned char *buf;   /* lead .. end of main header, read from the file */
    size_t len;           /* bytes in buf = offset of the payload */
    size_t sig_len;       /* signature header size (at SC_LEAD_SIZE), no padding */
    size_t hdr_off;       /* offset of the main header's magic in buf */
    uint64_t size;        /* size of the file when opened: nothing past it is read */
};

/* Read lead, signature header, padding and main header from FD (at offset
 * 0, SIZE bytes long when opened: nothing past SIZE is read) into a new
 * buffer; on return FD is positioned at the payload. The lead must carry
 * the magic, major version 3 or 4 and signature type 5, as rpm requires.
 * Returns SC_OK, or SC_NOT_RPM / SC_MALFORMED / SC_FILE_CHANGED /
 * SC_READ_ERROR / SC_INTERNAL with *v filled in. On SC_OK the caller
 * frees lay->buf. */
enum sc_code sc_layout_read(int fd, uint64_t size, struct sc_layout *lay, struct sc_verdict *v);

/* Read up to N bytes, retrying on EINTR and short reads. Returns the
 * number read (less than N only at end of file) or -1 on error. */
long sc_read_full(int fd, unsigned char *buf, size_t n);

#endif
