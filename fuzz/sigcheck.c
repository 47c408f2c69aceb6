/* sigcheck.c -- harness for the signature stage's input handling: the
 * per-file verification airlock-sigcheck runs (src/sigcheck/verify.h,
 * sc_verify_fd: lead and header layout, airlock's own signature-header
 * parser, OpenPGP parser and signature verification, header digests,
 * payload digest), in-process, on a memfd holding the input as the
 * package.
 *
 * The keyring is fuzz/sigcheck-keys/ (two throwaway public keys made by
 * fuzz/gen_sigcheck_seeds.sh, which also signed the seeds), found through
 * $AIRLOCK_FUZZ_KEYS, else sigcheck-keys/ beside the program (OSS-Fuzz's
 * $OUT), else fuzz/sigcheck-keys from the current directory.
 *
 * Checked for every input:
 *   - the verdict is a known code with a NUL-terminated detail;
 *   - the same input gives the same code a second time (no state kept
 *     between packages decides a verdict), the second time with the
 *     whole-file digest asked for (sc_verify_fd_sum, --file-digest);
 *   - that digest is set exactly for SC_OK and equals the SHA-256 of the
 *     whole input, with a cache key of 64 hex digits;
 *   - SC_OK only for input that starts with the RPM lead magic and is
 *     longer than the lead;
 *   - the oracle: SC_OK only if librpm's own OpenPGP code (pgpPrtParams,
 *     pgpVerifySignature: an implementation independent of airlock's
 *     pgp*.c and of its libgcrypt call) finds, in the signature header as
 *     librpm imports it, a BIN tag 268 or 267 whose packet verifies over
 *     the header bytes against one of the fuzz keys;
 *   - for an accepted input, the canonical copy (--output-dir,
 *     sc_verify_fd_out): it is written, it is accepted in turn by the
 *     plain check with the same signer, and from its main header on it
 *     equals the input from the input's main header on;
 *   - no file descriptor is leaked, and the input fd is left open.
 * With AIRLOCK_FUZZ_VERBOSE set, every verdict is printed (to see what the
 * seeds reach).
 */
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rpm/rpmcrypto.h>
#include <rpm/header.h>
#include <rpm/rpmkeyring.h>
#include <rpm/rpmpgp.h>
#include <rpm/rpmtag.h>

#include "fuzz.h"
#include "keyring.h"
#include "policy.h"
#include "verify.h"

static struct sc_keyring *kr;
static int out_dirfd = -1;            /* a private directory for the copies */

/* The fuzz keys as librpm reads them, for the oracle. */
#define FZ_KEYS_MAX 8
static rpmPubkey oracle_pub[FZ_KEYS_MAX];      /* kept for the whole run */
static pgpDigParams oracle_keys[FZ_KEYS_MAX];
static int n_oracle_keys;

static const char *keys_dir(const char *argv0)
{
    static char beside[4096];
    const char *env = getenv("AIRLOCK_FUZZ_KEYS");
    char *copy;

    if (env != NULL)
        return env;
    if (argv0 != NULL) {
        copy = strdup(argv0);
        FUZZ_CHECK(copy != NULL);
        snprintf(beside, sizeof beside, "%s/sigcheck-keys", dirname(copy));
        free(copy);
        if (access(beside, R_OK) == 0)
            return beside;
    }
    return "fuzz/sigcheck-keys";
}

/* Load every key file of DIR with librpm's reader, for the oracle. */
static void load_oracle_keys(const char *dir)
{
    struct dirent *de;
    DIR *d = opendir(dir);
    char path[4096];

    FUZZ_CHECK(d != NULL);
    while ((de = readdir(d)) != NULL && n_oracle_keys < FZ_KEYS_MAX) {
        if (de->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        oracle_pub[n_oracle_keys] = rpmPubkeyRead(path);
        FUZZ_CHECK(oracle_pub[n_oracle_keys] != NULL);
        oracle_keys[n_oracle_keys] = rpmPubkeyPgpDigParams(oracle_pub[n_oracle_keys]);
        n_oracle_keys++;
    }
    closedir(d);
    FUZZ_CHECK(n_oracle_keys > 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];
    const char *dir = keys_dir(argv != NULL && argc != NULL && *argc > 0 ?
                               (*argv)[0] : NULL);

    if (sc_rpm_init(err, sizeof err) != 0) {
        fprintf(stderr, "sigcheck harness: %s\n", err);
        abort();
    }
    kr = sc_keyring_load(dir, stderr, err, sizeof err);
    if (kr == NULL) {
        fprintf(stderr, "sigcheck harness: keyring %s: %s\n", dir, err);
        abort();
    }
    load_oracle_keys(dir);
    {
        char tmpl[] = "/tmp/airlock-fuzz-copy.XXXXXX";
        FUZZ_CHECK(mkdtemp(tmpl) != NULL);
        out_dirfd = open(tmpl, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        FUZZ_CHECK(out_dirfd >= 0);
    }
    return 0;
}

static size_t be32(const uint8_t *p)
{
    return (size_t)p[0] << 24 | (size_t)p[1] << 16 | (size_t)p[2] << 8 | p[3];
}

/* Size of the header structure at DATA[off..size), or 0 if it does not fit. */
static size_t header_size(const uint8_t *data, size_t size, size_t off)
{
    size_t n;

    if (off > size || size - off < 16)
        return 0;
    n = 16 + 16 * be32(data + off + 8) + be32(data + off + 12);
    return n <= size - off ? n : 0;
}

/* Does the BIN item TAG of SIGH verify over HDR with one fuzz key, by
 * librpm's OpenPGP code alone? */
static int oracle_tag(Header sigh, rpmTagVal tag, const uint8_t *hdr, size_t hdr_len)
{
    struct rpmtd_s td;
    pgpDigParams sig = NULL;
    int good = 0;

    if (!headerGet(sigh, tag, &td, HEADERGET_MINMEM))
        return 0;
    if (td.type == RPM_BIN_TYPE &&
        pgpPrtParams(td.data, td.count, PGPTAG_SIGNATURE, &sig) == 0) {
        for (int k = 0; k < n_oracle_keys && !good; k++) {
            DIGEST_CTX ctx = rpmDigestInit(pgpDigParamsAlgo(sig, PGPVAL_HASHALGO), RPMDIGEST_NONE);
            if (ctx == NULL)
                break;
            rpmDigestUpdate(ctx, hdr, hdr_len);
            good = pgpVerifySignature(oracle_keys[k], sig, ctx) == RPMRC_OK;
            rpmDigestFinal(ctx, NULL, NULL, 0);
        }
    }
    pgpDigParamsFree(sig);
    rpmtdFreeData(&td);
    return good;
}

/* The oracle for an input airlock accepted. */
static int independently_signed(const uint8_t *data, size_t size)
{
    size_t sig_len = header_size(data, size, 96), hdr_off, hdr_len;
    Header sigh;
    int good;

    if (sig_len == 0)
        return 0;
    hdr_off = 96 + (sig_len + 7) / 8 * 8;
    hdr_len = header_size(data, size, hdr_off);
    sigh = headerImport((void *)(data + 96 + 8), (unsigned)(sig_len - 8), HEADERIMPORT_COPY);
    if (sigh == NULL || hdr_len == 0) {
        headerFree(sigh);
        return 0;
    }
    good = oracle_tag(sigh, RPMSIGTAG_RSA, data + hdr_off, hdr_len) ||
           oracle_tag(sigh, RPMSIGTAG_DSA, data + hdr_off, hdr_len);
    headerFree(sigh);
    return good;
}

/* Verify FD from its start; with SUM, also ask for the whole-file digest. */
static enum sc_code verify(int fd, struct sc_verdict *v, struct sc_filesum *sum)
{
    enum sc_code c;

    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(v, 0x5a, sizeof *v);
    if (sum != NULL)
        memset(sum, 0x5a, sizeof *sum);
    c = sum != NULL ? sc_verify_fd_sum(fd, kr, v, sum) : sc_verify_fd(fd, kr, v);
    FUZZ_CHECK(c == v->code);
    FUZZ_CHECK((int)c >= 0 && c < SC_CODE_COUNT);
    FUZZ_CHECK(memchr(v->detail, 0, sizeof v->detail) != NULL);
    FUZZ_CHECK(fcntl(fd, F_GETFD) >= 0);   /* left open */
    return c;
}

/* The canonical copy of accepted input FD (signer SIGNER): written,
 * accepted again, and equal to the input from the main header on. */
static void check_copy(int fd, const uint8_t *data, size_t size, const char *signer)
{
    struct sc_verdict v;
    size_t in_hdr = 96 + (header_size(data, size, 96) + 7) / 8 * 8;
    uint8_t *copy = malloc(size + 4096);
    long n;
    int cfd;

    FUZZ_CHECK(copy != NULL && lseek(fd, 0, SEEK_SET) == 0);
    FUZZ_CHECK(sc_verify_fd_out(fd, kr, &v, NULL, out_dirfd, "copy.rpm") == SC_OK);
    cfd = openat(out_dirfd, "copy.rpm", O_RDONLY | O_CLOEXEC);
    FUZZ_CHECK(cfd >= 0 && unlinkat(out_dirfd, "copy.rpm", 0) == 0);
    FUZZ_CHECK(sc_verify_fd(cfd, kr, &v) == SC_OK && strcmp(v.signer, signer) == 0);
    FUZZ_CHECK(lseek(cfd, 0, SEEK_SET) == 0);
    n = read(cfd, copy, size + 4096);
    FUZZ_CHECK(n > 96);
    {
        size_t c_hdr = 96 + (header_size(copy, (size_t)n, 96) + 7) / 8 * 8;
        FUZZ_CHECK(c_hdr <= (size_t)n && (size_t)n - c_hdr == size - in_hdr &&
                   memcmp(copy + c_hdr, data + in_hdr, size - in_hdr) == 0);
    }
    close(cfd);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t lead_magic[4] = { 0xed, 0xab, 0xee, 0xdb };
    struct sc_verdict v1, v2;
    struct sc_filesum sum;
    char *want = NULL;
    DIGEST_CTX ctx;
    enum sc_code c1, c2;
    int fds, fd;

    if (kr == NULL)
        LLVMFuzzerInitialize(NULL, NULL);
    fds = fz_count_fds();
    fd = memfd_create("fuzz-sigcheck", MFD_CLOEXEC);
    FUZZ_CHECK(fd >= 0);
    FUZZ_CHECK(size == 0 || write(fd, data, size) == (ssize_t)size);
    c1 = verify(fd, &v1, NULL);
    c2 = verify(fd, &v2, &sum);
    if (c1 != c2)
        fprintf(stderr, "verdicts differ: %s (%s) then %s (%s)\n",
                sc_code_name(c1), v1.detail, sc_code_name(c2), v2.detail);
    FUZZ_CHECK(c1 == c2);
    if (getenv("AIRLOCK_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "verdict: %s (%s)\n", sc_code_name(c1), v1.detail);
    if (c1 == SC_OK) {
        FUZZ_CHECK(size > 96 && memcmp(data, lead_magic, 4) == 0);
        if (!independently_signed(data, size))
            fprintf(stderr, "oracle: airlock said OK, librpm finds no verifying signature\n");
        FUZZ_CHECK(independently_signed(data, size));
        check_copy(fd, data, size, v1.signer);
    }
    FUZZ_CHECK(memchr(sum.sha256, 0, sizeof sum.sha256) != NULL);
    if (c2 != SC_OK) {
        FUZZ_CHECK(sum.sha256[0] == '\0');
    } else {
        ctx = rpmDigestInit(PGPHASHALGO_SHA256, RPMDIGEST_NONE);
        rpmDigestUpdate(ctx, data, size);
        rpmDigestFinal(ctx, (void **)&want, NULL, 1);
        FUZZ_CHECK(want != NULL && strcmp(sum.sha256, want) == 0);
        FUZZ_CHECK(strlen(sum.cache_key) == 64 &&
                   strspn(sum.cache_key, "0123456789abcdef") == 64);
        free(want);
    }
    close(fd);
    FUZZ_CHECK(fz_count_fds() == fds);
    return 0;
}
