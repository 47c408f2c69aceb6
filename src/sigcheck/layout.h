/*
 * airlock-sigcheck: read the signed part of an RPM file exactly once,
 * and have the proven checker judge it before anything else parses it.
 *
 * An RPM file is: a 96-byte lead, the signature header, zero to seven
 * bytes of padding to an 8-byte boundary, the main header, the payload
 * (spec/RPM.md section 1). This module reads the bytes from offset 0 to
 * the payload into one buffer, as far as the sizes in them announce, and
 * hands them to al_rpm_check (src/core/rpm.h), the only judge of their
 * structure (spec/RPM.md sections 2-6.1). It checks no format rule of its
 * own: it never reads past the file's size at open nor past
 * AL_RPM_PREFIX_MAX (the checker's precondition), and stops reading as
 * soon as the checker rejects the bytes it has. Every later reader of
 * these bytes (sighdr.c, librpm) gets only bytes the checker accepted, and
 * uses the checker's layout.
 */
#ifndef AIRLOCK_SIGCHECK_LAYOUT_H
#define AIRLOCK_SIGCHECK_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "rpm.h"
#include "verdict.h"

struct sc_layout {
    unsigned char *buf;   /* lead .. end of main header, read from the file */
    size_t len;           /* bytes in buf = offset of the payload */
    uint64_t size;        /* size of the file when opened: nothing past it is read */
    struct al_rpm_layout rpm;   /* al_rpm_check's description of buf */
};

/* Read lead, signature header, padding and main header from FD (at offset
 * 0, SIZE bytes long when opened: nothing past SIZE is read) into a new
 * buffer and check them with al_rpm_check; on SC_OK FD is positioned at
 * the payload, lay->rpm describes buf (the main header at rpm.main_off,
 * the payload at len = rpm.main_off + rpm.main_size) and the caller frees
 * lay->buf. Otherwise the checker's verdict (rules.h: not-rpm, malformed,
 * bad-tag, unsigned-item, naming the section of spec/RPM.md), or
 * SC_FILE_CHANGED / SC_READ_ERROR / SC_INTERNAL, in *v. */
enum sc_code sc_layout_read(int fd, uint64_t size, struct sc_layout *lay, struct sc_verdict *v);

/* Read up to N bytes, retrying on EINTR and short reads. Returns the
 * number read (less than N only at end of file) or -1 on error. */
long sc_read_full(int fd, unsigned char *buf, size_t n);

#endif
