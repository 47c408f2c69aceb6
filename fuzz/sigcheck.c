/* sigcheck.c -- harness for the signature stage's input handling: the
 * per-file verification airlock-sigcheck runs (src/sigcheck/verify.h,
 * sc_verify_fd: lead and header layout, librpm's header signature and
 * digest check fed from a memfd, payload digest), in-process, on a memfd
 * holding the input as the package.
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
#include <rpm/rpmpgp.h>

#include "fuzz.h"
#include "keyring.h"
#include "policy.h"
#include "verify.h"

static rpmts ts;

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

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char err[256];
    int nkeys = 0;
    rpmKeyring kr;
    const char *dir = keys_dir(argv != NULL && argc != NULL && *argc > 0 ?
                               (*argv)[0] : NULL);

    if (sc_rpm_init(err, sizeof err) != 0) {
        fprintf(stderr, "sigcheck harness: %s\n", err);
        abort();
    }
    kr = sc_keyring_load(dir, &nkeys, err, sizeof err);
    if (kr == NULL) {
        fprintf(stderr, "sigcheck harness: keyring %s: %s\n", dir, err);
        abort();
    }
    ts = sc_ts_new(kr);
    FUZZ_CHECK(ts != NULL);
    rpmKeyringFree(kr);
    return 0;
}

/* Verify FD from its start; with SUM, also ask for the whole-file digest. */
static enum sc_code verify(int fd, struct sc_verdict *v, struct sc_filesum *sum)
{
    enum sc_code c;

    FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
    memset(v, 0x5a, sizeof *v);
    if (sum != NULL)
        memset(sum, 0x5a, sizeof *sum);
    c = sum != NULL ? sc_verify_fd_sum(fd, ts, v, sum) : sc_verify_fd(fd, ts, v);
    FUZZ_CHECK(c == v->code);
    FUZZ_CHECK((int)c >= 0 && c < SC_CODE_COUNT);
    FUZZ_CHECK(memchr(v->detail, 0, sizeof v->detail) != NULL);
    FUZZ_CHECK(fcntl(fd, F_GETFD) >= 0);   /* left open */
    return c;
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

    if (ts == NULL)
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
    if (c1 == SC_OK)
        FUZZ_CHECK(size > 96 && memcmp(data, lead_magic, 4) == 0);
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
