/*
 * airlock-sigcheck: the verdict on one already-open package.
 *
 * This is the code every caller shares: the airlock-sigcheck workers and
 * the fuzzing harness. It does no path handling (the caller opened the
 * file, see open.h) and prints nothing.
 *
 * A package passes only if
 *  1. it starts with an RPM lead, a signature header and a header whose
 *     sizes fit (layout.h);
 *  2. the signature header holds a header signature (RSA or DSA tag, the
 *     latter also used for EdDSA/ECDSA), and librpm, with the transaction
 *     set's keyring, verifies every header signature and every header
 *     digest (SHA-1, SHA-256) present over those header bytes;
 *  3. that signed header names a payload digest (SHA-256, SHA-384 or
 *     SHA-512), and the digest of every byte after the header, up to end
 *     of file, equals it.
 * Every byte is read from FD once; the bytes librpm checks (held in
 * memory, handed to it through a memfd) are the bytes whose payload
 * digest is then used.
 *
 * Deliberately not checked: the legacy MD5 and v3 header+payload
 * signature in the signature header (each covers header+payload, which
 * the header signature and the payload digest already cover; computing
 * them would hash every byte twice or three times), and the lead beyond
 * its magic (no signature covers it and no rpm tool uses it). See
 * src/sigcheck/README.md.
 */
#ifndef AIRLOCK_SIGCHECK_VERIFY_H
#define AIRLOCK_SIGCHECK_VERIFY_H

#include <rpm/rpmts.h>
#include "filesum.h"
#include "verdict.h"

/* Verify the package readable from FD, positioned at its first byte.
 * TS must come from sc_ts_new() (policy.h) after sc_rpm_init().
 * FD is read to end of file and left open. Fills *v and returns v->code.
 * While it runs, librpm's log output is captured, not printed. */
enum sc_code sc_verify_fd(int fd, rpmts ts, struct sc_verdict *v);

/* The same, and for a passing file also its whole-file SHA-256 and
 * createrepo_c cache key in *SUM (filesum.h), computed in the same read;
 * sum->sha256 is "" unless the file passed and both were computed. */
enum sc_code sc_verify_fd_sum(int fd, rpmts ts, struct sc_verdict *v, struct sc_filesum *sum);

#endif
