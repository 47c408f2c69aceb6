/* airlock-sigcheck: load trusted OpenPGP public keys from a directory. */
#include "keyring.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rpm/rpmpgp.h>

#define SC_KEYFILE_MAX (1 << 20)   /* a key file larger than 1 MiB is refused */
#define SC_ARMOR_MARK "-----BEGIN PGP "

/* Add one certificate (primary key and its subkeys). 0 or -1. */
static int add_cert(rpmKeyring kr, const uint8_t *cert, size_t len, int *nkeys)
{
    int rc = -1, nsub = 0;
    rpmPubkey key = rpmPubkeyNew(cert, len);
    rpmPubkey *subs = NULL;

    if (key == NULL || rpmKeyringAddKey(kr, key) < 0)
        goto out;
    (*nkeys)++;
    subs = rpmGetSubkeys(key, &nsub);
    for (int i = 0; i < nsub; i++) {
        if (rpmKeyringAddKey(kr, subs[i]) >= 0)
            (*nkeys)++;
        rpmPubkeyFree(subs[i]);
    }
    rc = 0;
out:
    free(subs);
    rpmPubkeyFree(key);
    return rc;
}

/* Add every certificate of a run of binary packets. 0 or -1. */
static int add_packets(rpmKeyring kr, const uint8_t *pkts, size_t len, int *nkeys)
{
    int rc = -1;
    size_t certlen = 0;

    while (len > 0) {
        if (pgpPubKeyCertLen(pkts, len, &certlen) != 0 || certlen == 0 || certlen > len)
            goto out;
        if (add_cert(kr, pkts, certlen, nkeys) != 0)
            goto out;
        pkts += certlen;
        len -= certlen;
    }
    rc = 0;
out:
    return rc;
}

/* Add every armored public key block of a NUL-terminated text. 0 or -1. */
static int add_armored(rpmKeyring kr, const char *text, int *nkeys)
{
    int rc = -1;
    const char *start = strstr(text, SC_ARMOR_MARK);

    while (start != NULL) {
        uint8_t *pkt = NULL;
        size_t pktlen = 0;
        int ok = pgpParsePkts(start, &pkt, &pktlen) == PGPARMOR_PUBKEY &&
                 add_packets(kr, pkt, pktlen, nkeys) == 0;
        free(pkt);
        if (!ok)
            goto out;
        start = strstr(start + strlen(SC_ARMOR_MARK), SC_ARMOR_MARK);
    }
    rc = 0;
out:
    return rc;
}

/* Read a whole key file (regular, at most SC_KEYFILE_MAX bytes) into a
 * NUL-terminated buffer. Returns it, or NULL with errno set. */
static char *slurp(int dfd, const char *name, size_t *lenp)
{
    char *buf = NULL;
    struct stat st;
    size_t got = 0;
    int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

    if (fd < 0 || fstat(fd, &st) != 0)
        goto out;
    if (!S_ISREG(st.st_mode) || st.st_size > SC_KEYFILE_MAX) {
        errno = S_ISREG(st.st_mode) ? EFBIG : EINVAL;
        goto out;
    }
    buf = malloc((size_t)st.st_size + 1);
    while (buf != NULL && got < (size_t)st.st_size) {
        ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
        if (n <= 0) {
            free(buf);
            buf = NULL;
            errno = n == 0 ? EIO : errno;
            goto out;
        }
        got += (size_t)n;
    }
    if (buf != NULL) {
        buf[got] = '\0';
        *lenp = got;
    }
out:
    if (fd >= 0)
        close(fd);
    return buf;
}

/* Load one key file: armored if it has an armor header, else binary. */
static int load_file(rpmKeyring kr, int dfd, const char *name, int *nkeys,
                     char *err, size_t errlen)
{
    int rc = -1, before = *nkeys;
    size_t len = 0;
    char *buf = slurp(dfd, name, &len);

    if (buf == NULL) {
        snprintf(err, errlen, "keyring file %s: %s", name, strerror(errno));
        goto out;
    }
    if (strstr(buf, SC_ARMOR_MARK) != NULL)
        rc = add_armored(kr, buf, nkeys);
    else if (len > 0 && ((unsigned char)buf[0] & 0x80) != 0)
        rc = add_packets(kr, (const uint8_t *)buf, len, nkeys);
    if (rc != 0 || *nkeys == before) {
        rc = -1;
        snprintf(err, errlen, "keyring file %s: not an OpenPGP public key file", name);
    }
out:
    free(buf);
    return rc;
}

rpmKeyring sc_keyring_load(const char *dir, int *nkeys, char *err, size_t errlen)
{
    rpmKeyring kr = rpmKeyringNew();
    DIR *d = opendir(dir);
    struct dirent *de;
    int failed = 0;

    *nkeys = 0;
    if (d == NULL) {
        snprintf(err, errlen, "keyring %s: %s", dir, strerror(errno));
        failed = 1;
        goto out;
    }
    while (!failed && (de = readdir(d)) != NULL) {
        if (de->d_name[0] != '.')
            failed = load_file(kr, dirfd(d), de->d_name, nkeys, err, errlen) != 0;
    }
    if (!failed && *nkeys == 0) {
        snprintf(err, errlen, "keyring %s: holds no key", dir);
        failed = 1;
    }
out:
    if (d != NULL)
        closedir(d);
    if (failed)
        kr = rpmKeyringFree(kr);
    return kr;
}
