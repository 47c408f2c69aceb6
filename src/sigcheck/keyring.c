/* airlock-sigcheck: load trusted OpenPGP public keys from a directory. */
#include "keyring.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "armor.h"

#define SC_KEYFILE_MAX (1 << 20)   /* a key file larger than 1 MiB is refused */

/* Keep P (malloc'd) until the keyring is freed. 0, or -2 (P freed). */
static int keep(struct sc_keyring *kr, void *p)
{
    if (kr->nblobs == kr->blobcap) {
        size_t cap = kr->blobcap ? kr->blobcap * 2 : 32;
        void **nb = realloc(kr->blobs, cap * sizeof(*nb));
        if (nb == NULL) {
            free(p);
            return -2;
        }
        kr->blobs = nb;
        kr->blobcap = cap;
    }
    kr->blobs[kr->nblobs++] = p;
    return 0;
}

/* Every certificate of a packet stream: each starts at a public key. */
static int add_stream(struct sc_keyring *kr, const uint8_t *p, size_t len, const char *file,
                      const char **why)
{
    struct sc_pgp_pkt pkt;
    size_t start = 0, off = 0;
    int rc = 0;

    *why = "not a sequence of whole OpenPGP packets";
    while (rc == 0 && off < len) {
        if (sc_pgp_packet(p + off, len - off, &pkt) != 0)
            return -1;
        off += pkt.total_len;
        if (off == len || (p[off] & 0x80) == 0 ||
            ((p[off] & 0x40) ? (p[off] & 0x3f) : ((p[off] >> 2) & 0x0f)) == SC_PGP_TAG_PUBKEY) {
            rc = sc_cert_add(kr, p + start, off - start, file, why);
            start = off;
        }
    }
    return rc;
}

/* The armored blocks of TEXT, each decoded and kept. */
static int add_armored(struct sc_keyring *kr, const char *text, const char *file, const char **why)
{
    const char *at = strstr(text, SC_ARMOR_BEGIN), *next = NULL;
    int rc = 0;

    while (rc == 0 && at != NULL) {
        size_t len = 0;
        uint8_t *bin = sc_armor_decode(at, &len, &next, why);
        if (bin == NULL)
            return *why == NULL ? -2 : -1;
        rc = keep(kr, bin);
        if (rc == 0)
            rc = add_stream(kr, bin, len, file, why);
        at = strstr(next, SC_ARMOR_BEGIN);
    }
    return rc;
}

/* A whole key file (regular, at most SC_KEYFILE_MAX bytes), NUL-terminated. */
static char *slurp(int dfd, const char *name, size_t *lenp)
{
    char *buf = NULL;
    struct stat st;
    size_t got = 0;
    int fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW);

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

int sc_keyring_add_bytes(struct sc_keyring *kr, char *buf, size_t len, const char *name,
                         const char **why)
{
    size_t before = kr->n;
    int rc = -1, binary = len > 0 && ((unsigned char)buf[0] & 0x80) != 0;

    *why = "not an OpenPGP public key file";
    if (!binary && strstr(buf, SC_ARMOR_BEGIN) != NULL)
        rc = add_armored(kr, buf, name, why);
    else if (binary)
        rc = add_stream(kr, (const uint8_t *)buf, len, name, why);
    if (rc == 0 && kr->n == before) {
        *why = "holds no public key";
        rc = -1;
    }
    if (rc == 0 && binary) {
        rc = keep(kr, buf);   /* binary keys point into it; keep frees it on failure */
        buf = NULL;
    }
    if (rc != 0)
        kr->n = before;
    free(buf);
    return rc;
}

/* Load one key file; on failure its keys are taken out again and the
 * reason is in *why. 0, -1, or -2 (out of memory). */
static int load_file(struct sc_keyring *kr, int dfd, const char *name, const char **why)
{
    size_t len = 0;
    char *copy = strdup(name), *buf = NULL;
    int rc = copy == NULL ? -2 : keep(kr, copy);

    if (rc != 0)
        return rc;
    buf = slurp(dfd, name, &len);
    if (buf == NULL) {
        *why = strerror(errno);
        return -1;
    }
    return sc_keyring_add_bytes(kr, buf, len, copy, why);
}

static int by_fpr(const void *a, const void *b)
{
    return memcmp(((const struct sc_key *)a)->pk.fpr, ((const struct sc_key *)b)->pk.fpr,
                  SC_PGP_FPR_LEN);
}

/* One key in several places: unusable everywhere if unusable anywhere. */
static void merge_copies(struct sc_keyring *kr)
{
    qsort(kr->keys, kr->n, sizeof(*kr->keys), by_fpr);
    for (size_t i = 0, j; i < kr->n; i = j) {
        enum sc_key_state worst = SC_KS_USABLE;
        for (j = i; j < kr->n && by_fpr(&kr->keys[i], &kr->keys[j]) == 0; j++) {
            if (worst == SC_KS_USABLE)
                worst = kr->keys[j].state;
        }
        for (size_t k = i; k < j; k++) {
            if (kr->keys[k].state == SC_KS_USABLE)
                kr->keys[k].state = worst;
        }
    }
}

const char *sc_key_state_text(enum sc_key_state s)
{
    switch (s) {
    case SC_KS_USABLE: return "usable";
    case SC_KS_REVOKED: return "revoked";
    case SC_KS_EXPIRED: return "expired";
    case SC_KS_UNBOUND: return "no valid self-signature or binding";
    case SC_KS_WEAK: return "algorithm or key size not accepted";
    default: return "not a signing key";
    }
}

static void warn_unusable(const struct sc_keyring *kr, FILE *warn)
{
    char fpr[2 * SC_PGP_FPR_LEN + 1];

    for (size_t i = 0; warn != NULL && i < kr->n; i++) {
        const struct sc_key *k = &kr->keys[i];
        if (k->state == SC_KS_USABLE || (k->is_subkey && k->state == SC_KS_NO_SIGN))
            continue;
        sc_hex(k->pk.fpr, SC_PGP_FPR_LEN, fpr);
        fprintf(warn, "airlock-sigcheck: keyring file %s: %s %s %s: not trusted\n", k->file,
                k->is_subkey ? "subkey" : "key", fpr, sc_key_state_text(k->state));
    }
}

static int skip_name(const struct dirent *de)
{
    return de->d_name[0] != '.';
}

/* Every file of DIR in name order (so that messages come in a stable
 * order; the verdicts do not depend on it). */
static int load_dir(struct sc_keyring *kr, const char *dir, FILE *warn, char *err, size_t errlen)
{
    struct dirent **names = NULL;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int n = dfd < 0 ? -1 : scandirat(dfd, ".", &names, skip_name, alphasort), rc = 0;

    if (n < 0) {
        snprintf(err, errlen, "keyring %s: %s", dir, strerror(errno));
        rc = -1;
    }
    for (int i = 0; i < n; i++) {
        const char *why = NULL;
        int r = rc == 0 ? load_file(kr, dfd, names[i]->d_name, &why) : 0;
        if (r == -1 && warn != NULL)
            fprintf(warn, "airlock-sigcheck: keyring file %s: %s: skipped\n",
                    names[i]->d_name, why);
        if (r == -2) {
            snprintf(err, errlen, "keyring %s: out of memory", dir);
            rc = -1;
        }
        free(names[i]);
    }
    free(names);
    if (dfd >= 0)
        close(dfd);
    return rc;
}

struct sc_keyring *sc_keyring_load(const char *dir, FILE *warn, char *err, size_t errlen)
{
    struct sc_keyring *kr = calloc(1, sizeof(*kr));

    if (kr == NULL) {
        snprintf(err, errlen, "keyring %s: out of memory", dir);
        return NULL;
    }
    kr->now = (uint32_t)time(NULL);
    if (load_dir(kr, dir, warn, err, errlen) != 0)
        goto bad;
    merge_copies(kr);
    switch (sc_keyring_has_usable(kr)) {
    case 1:
        warn_unusable(kr, warn);   /* after settling: those found unbound too */
        return kr;
    case 0:
        warn_unusable(kr, warn);
        snprintf(err, errlen, "keyring %s: holds no usable key", dir);
        break;
    default:
        snprintf(err, errlen, "keyring %s: out of memory", dir);
    }
    goto bad;
    return kr;
bad:
    sc_keyring_free(kr);
    return NULL;
}

void sc_keyring_free(struct sc_keyring *kr)
{
    if (kr == NULL)
        return;
    for (size_t i = 0; i < kr->nblobs; i++)
        free(kr->blobs[i]);
    free(kr->blobs);
    free(kr->keys);
    free(kr);
}

int sc_keyring_settle(struct sc_keyring *kr, size_t idx)
{
    size_t a = idx, b = idx + 1;
    enum sc_key_state worst = SC_KS_USABLE;

    while (a > 0 && by_fpr(&kr->keys[a - 1], &kr->keys[idx]) == 0)
        a--;
    while (b < kr->n && by_fpr(&kr->keys[b], &kr->keys[idx]) == 0)
        b++;
    for (size_t i = a; i < b; i++) {
        if (sc_cert_settle(kr, i) != 0)
            return -2;
        if (worst == SC_KS_USABLE)
            worst = kr->keys[i].state;
    }
    for (size_t i = a; i < b; i++) {
        if (kr->keys[i].state == SC_KS_USABLE)
            kr->keys[i].state = worst;
    }
    return 0;
}

int sc_keyring_has_usable(struct sc_keyring *kr)
{
    for (size_t i = 0; i < kr->n; i++) {
        if (kr->keys[i].state != SC_KS_USABLE)
            continue;
        if (sc_keyring_settle(kr, i) != 0)
            return -2;
        if (kr->keys[i].state == SC_KS_USABLE)
            return 1;
    }
    return 0;
}

size_t sc_keyring_match(const struct sc_keyring *kr, const struct sc_pgp_sig *sig,
                        size_t *idx, size_t max)
{
    size_t n = 0;

    for (size_t i = 0; i < kr->n && n < max; i++) {
        const struct sc_pgp_key *k = &kr->keys[i].pk;
        if (sig->has_fpr ? memcmp(sig->fpr, k->fpr, SC_PGP_FPR_LEN) == 0 :
            sig->has_keyid && memcmp(sig->keyid, k->keyid, SC_PGP_KEYID_LEN) == 0)
            idx[n++] = i;
    }
    return n;
}
