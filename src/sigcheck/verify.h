/*
 * airlock-sigcheck: the verdict on one already-open package.
 *
 * This is the code every caller shares: the airlock-sigcheck workers and
 * the fuzzing harness. It does no path handling (the caller opened the
 * file, see open.h) and prints nothing. The verdict rests only on
 * airlock's own reading of the bytes and its own verification calls:
 *
 *  1. the file's size is taken at the start; nothing past it is read, and
 *     a file that grows or shrinks meanwhile fails (file-changed);
 *  2. the lead, signature header and header fit (layout.h); the signature
 *     header obeys every rule of sighdr.h (allow-listed tags, types,
 *     counts, region, no repeats);
 *  3. at least one header signature (tag 268 RSA, 267 EdDSA) is present,
 *     and EVERY one present verifies over the header bytes with a usable
 *     key of the keyring (sigverify.h, keyring.h);
 *  4. the SHA-1 and SHA-256 header digests, when present, equal airlock's
 *     own digests of the header; the size tags equal the real size;
 *  5. only then is the (now authenticated) header imported by librpm, to
 *     read its payload digest: it must be SHA-256 (the only one rpm 4.18
 *     checks) and equal the SHA-256 of every byte after the header;
 *  6. the legacy MD5 over header + payload, and any v3 header+payload
 *     signature, when present, are verified too (rpm -K checks them),
 *     unless a canonical copy, which drops them, is written instead;
 *  7. with reference sets (rollback.h), last, the signed header's
 *     (epoch, version, release) is not below a related package's that
 *     dom0 has installed or published.
 * Every byte is read from FD once.
 */
#ifndef AIRLOCK_SIGCHECK_VERIFY_H
#define AIRLOCK_SIGCHECK_VERIFY_H

#include "filesum.h"
#include "keyring.h"
#include "rollback.h"
#include "verdict.h"

/* Verify the package readable from FD, positioned at its first byte,
 * against KR. FD is read to its size at the start and left open. Fills
 * *v and returns v->code. */
enum sc_code sc_verify_fd(int fd, struct sc_keyring *kr, struct sc_verdict *v);

/* The same, and for a passing file also its whole-file SHA-256 and
 * createrepo_c cache key in *SUM (filesum.h), computed in the same read;
 * sum->sha256 is "" unless the file passed and both were computed. */
enum sc_code sc_verify_fd_sum(int fd, struct sc_keyring *kr, struct sc_verdict *v,
                              struct sc_filesum *sum);

/* The same, and with COPY_FD >= 0 (an unnamed file open for writing,
 * copy.h) the canonical copy (canon.h): the lead, the canonical signature
 * header, padding, then the header and payload bytes exactly as read and
 * hashed, written into COPY_FD, which gets mode 0644 and the input's times
 * if the verdict is SC_OK; naming it is the caller's (jobs.c). A copy
 * holds no legacy MD5 and no v3 header+payload signature, so those are
 * not computed in this mode; SUM then describes the copy. With REFS not
 * NULL step 7: a package older than a related one of REFS fails
 * (SC_OLDER_INSTALLED, SC_OLDER_PUBLISHED). */
enum sc_code sc_verify_fd_refs(int fd, struct sc_keyring *kr, const struct sc_refs *refs,
                               struct sc_verdict *v, struct sc_filesum *sum, int copy_fd);

/* In one process (the fuzz harness, tests): sc_verify_fd_refs without
 * REFS into a new unnamed file in OUT_DIRFD, linked as OUT_NAME if the
 * verdict is SC_OK (an existing OUT_NAME: SC_WRITE_ERROR). */
enum sc_code sc_verify_fd_out(int fd, struct sc_keyring *kr, struct sc_verdict *v,
                              struct sc_filesum *sum, int out_dirfd, const char *out_name);

#endif
