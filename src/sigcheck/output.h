/*
 * airlock-sigcheck: result lines.
 *
 * Text:  "OK NAME" or "FAIL NAME: REASON" or "FAIL NAME: REASON (DETAIL)".
 *        In NAME and DETAIL every byte outside printable ASCII, and the
 *        backslash, is written as \xHH, so one file is always one line.
 * JSON:  one object per line:
 *        {"file":NAME,"ok":BOOL,"code":CODE,"reason":REASON,"detail":DETAIL}
 *        Strings are JSON strings in which every byte of the original
 *        (file names need not be UTF-8) is one code point U+0000..U+00FF:
 *        '"' and '\' are escaped, bytes below 0x20 and from 0x7f up are
 *        written \u00HH. Decode by taking each code point as a byte.
 */
#ifndef AIRLOCK_SIGCHECK_OUTPUT_H
#define AIRLOCK_SIGCHECK_OUTPUT_H

#include <stdio.h>
#include "filesum.h"
#include "verdict.h"

/* Write the result line for file NAME with verdict V to OUT. */
void sc_print_text(FILE *out, const char *name, const struct sc_verdict *v);
/* SUM (may be NULL): for a passing file with sum->sha256 set, the object
 * also gets "sha256" (the whole file's SHA-256) and "crcache" (the name
 * createrepo_c --cachedir looks that value up under, see filesum.h). */
void sc_print_json(FILE *out, const char *name, const struct sc_verdict *v,
                   const struct sc_filesum *sum);

/* The longest record line sc_write_record writes, newline included. */
#define SC_RECORD_MAX 8192

/* Write the stage report record of file NAME (verdict V, SUM: its
 * checksums and header fields, filled for a passing file) to FD: one
 * line of the format of src/receive/README.md, "The stage report".
 * Returns 0, or -1 with errno set. */
int sc_write_record(int fd, const char *name, const struct sc_verdict *v,
                    const struct sc_filesum *sum);

#endif
