/*
 * airlock-sigcheck: the whole-file checksum of a package that passed,
 * in the form createrepo_c can reuse.
 *
 * createrepo_c puts the SHA-256 of each whole package file in the
 * repository metadata (dnf checks the file against it before installing).
 * Computing it means reading and hashing every byte once more after
 * airlock-sigcheck has done so; with --cachedir DIR, createrepo_c instead
 * takes the value from the file DIR/NAME-KEY-ISIZE-MTIME when it exists,
 * where NAME is the package's file name, KEY the hex SHA-256 over the
 * header's legacy GPG signature bytes, legacy PGP signature bytes and the
 * SHA-1 header digest string (each only when present, in that order),
 * ISIZE the installed size from the header and MTIME the file's mtime
 * (createrepo_c 0.17, src/dumper_thread.c). airlock-sigcheck computes the
 * whole-file SHA-256 in the same pass that checks the payload digest, so
 * every byte is read once; the driver writes the cache entry.
 *
 * If createrepo_c ever changes how it names entries, it finds none and
 * hashes the files itself: slower, never wrong.
 */
#ifndef AIRLOCK_SIGCHECK_FILESUM_H
#define AIRLOCK_SIGCHECK_FILESUM_H

#include <rpm/header.h>
#include "sighdr.h"

#define SC_SHA256_HEX 64

struct sc_filesum {
    char sha256[SC_SHA256_HEX + 1];     /* whole file, lowercase hex; "" if not computed */
    char cache_key[SC_SHA256_HEX + 1];  /* createrepo_c's KEY (above) */
    unsigned long long installed_size;  /* ISIZE: RPMTAG_LONGSIZE of the signed header */
    long long mtime;                    /* MTIME: st_mtime of the file as read */
    /* The signed header's NAME, VERSION, RELEASE and ARCH ("" if absent),
     * for the stage report (--report-fd); cut at the array's size. */
    char name[256];
    char version[128];
    char release[128];
    char arch[64];
};

/* Fill sum->cache_key, installed_size, mtime, name, version, release
 * and arch for the package with the
 * (verified) signature header SIGH and main header H, open as FD. Returns
 * 0, or -1 (sum->cache_key left "") if fstat or librpm fails. */
int sc_filesum_key(const struct sc_sighdr *sigh, Header h, int fd, struct sc_filesum *sum);

#endif
