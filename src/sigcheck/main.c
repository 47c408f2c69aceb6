/*
 * airlock-sigcheck: decide which received RPM packages may be published.
 * Command line, set-up and output only; the check itself is verify.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "num.h"
#include "jobs.h"
#include "keyring.h"
#include "output.h"
#include "rollback.h"
#include "sandbox.h"
#include "verdict.h"

#define SC_EXIT_OK 0
#define SC_EXIT_FAIL 1
#define SC_EXIT_USAGE 2
#define SC_JOBS_MAX 256
/* Each worker may hold a main header of up to 64 MiB (RPM.md §3.5) while
 * librpm imports it: the default stays at 4 so that a many-CPU dom0 with
 * little memory is not asked for several GiB by crafted headers. */
#define SC_JOBS_DEFAULT_MAX 4

static const char sc_help[] =
"Usage: airlock-sigcheck --keyring DIR [--jobs N] [--json [--file-digest]]\n"
"                        [--output-dir DIR] [--published DIR] [--rpmdb-root ROOT]\n"
"                        [--allow-downgrade] [--report-fd N] [--user NAME] FILE...\n"
"\n"
"Check that each FILE is an RPM package genuinely signed by a trusted key,\n"
"and print one line per FILE, in argument order.\n"
"\n"
"A FILE passes only if all of these hold (airlock decides from its own\n"
"reading of the bytes and its own libgcrypt call; librpm only imports the\n"
"header after its signature verified):\n"
"  - it is a regular file: symlinks (never followed), directories, FIFOs,\n"
"    sockets and devices are rejected without being opened or read; nothing\n"
"    past its size at open is read, and a change of size fails it;\n"
"  - its lead has the magic, major version 3 or 4, signature type 5;\n"
"  - its signature header passes a strict parser: region tag first, its\n"
"    trailer covering exactly every entry; only the tags 267 268 269 270 271\n"
"    273 1000 1002 1004 1005 1007 1008, each once, with rpm's type and count;\n"
"    file and fs-verity signatures (274-277) fail as unsigned items;\n"
"  - it holds a header signature (268 RSA, 267 EdDSA) and EVERY one present\n"
"    is exactly one OpenPGP v3/v4 packet of type binary document, RSA of at\n"
"    least 2048 bits (268) or EdDSA Ed25519 (267), hash SHA-256/384/512,\n"
"    naming (by fingerprint, else key ID) a usable key of DIR, and\n"
"    verifies over the header bytes;\n"
"  - the SHA-1 and SHA-256 header digests, the size tags (1000, 270), the\n"
"    legacy MD5 (1004) and any v3 header+payload signature (1002, 1005)\n"
"    match what airlock computes itself;\n"
"  - the signed header's payload digest is SHA-256 (the only one rpm 4.18\n"
"    checks) and equals the digest of every byte after the header;\n"
"  - with --published or --rpmdb-root, and unless --allow-downgrade: its\n"
"    (epoch, version, release), in rpm's order, is not lower than that of a\n"
"    package of the same name and the same arch (or either noarch) in DIR\n"
"    or installed in ROOT's rpmdb; equal passes (reinstall).\n"
"No rpm macro file, rpmrc other than /usr/lib/rpm/rpmrc or environment\n"
"variable is consulted, and no rpm database but ROOT's (--rpmdb-root).\n"
"\n"
"Options:\n"
"  --keyring DIR  trusted keys: every file in DIR not starting with '.', each\n"
"                 holding armored OpenPGP public key blocks (any number) or\n"
"                 binary v4 certificates. A key or signing subkey is usable\n"
"                 only if a verified self-signature binds it (subkeys: with\n"
"                 the signing flag and a verified back-signature), no\n"
"                 revocation is attached to it or its primary, it has not\n"
"                 expired, and it is RSA >= 2048 bits or Ed25519. Unusable\n"
"                 keys and files that do not parse are named on stderr and\n"
"                 skipped; an unreadable DIR or one without a usable key is\n"
"                 a set-up error (exit 2). Required.\n"
"  --jobs N       check with N worker processes (1..256; default: the number\n"
"                 of online CPUs, at most 4). Each file is read and hashed\n"
"                 once.\n"
"  --json         print one JSON object per file instead of a text line:\n"
"                 {\"file\":..., \"ok\":true|false, \"code\":..., \"reason\":...,\n"
"                 \"detail\":...}; each byte of a name is one code point\n"
"                 U+0000..U+00FF (non-ASCII and control bytes as \\u00HH).\n"
"  --file-digest  with --json: the object of each passing file also gets\n"
"                 \"sha256\", the SHA-256 of the whole file (computed in the\n"
"                 same read as the check), and \"crcache\", the name under\n"
"                 which createrepo_c --cachedir DIR looks that value up\n"
"                 (BASENAME-KEY-INSTALLEDSIZE-MTIME), so that it need not read\n"
"                 the file again. Costs one more SHA-256 pass over each file.\n"
"  --output-dir DIR  write each passing FILE's canonical copy into DIR under\n"
"                 its base name: the lead, a signature header holding only\n"
"                 the verified header signatures, airlock's SHA-256 header\n"
"                 digest and the real size, then the header and payload\n"
"                 exactly as read and verified (one read: the bytes written\n"
"                 are the bytes hashed). Written through O_TMPFILE, named\n"
"                 only after every check passed, mode 0644, mtime kept; a\n"
"                 failing FILE leaves nothing. The legacy MD5 and v3\n"
"                 header+payload signatures, which the copy drops, are then\n"
"                 not checked. With --file-digest, the digest is the copy's.\n"
"                 An existing name in DIR fails that FILE (write-error).\n"
"  --published DIR  the current published generation: every DIR/*.rpm (not\n"
"                 hidden) is read (structure check, then librpm imports its\n"
"                 header) and a FILE older than one of them fails\n"
"                 (older-than-published). A package that does not read is\n"
"                 a set-up error (exit 2).\n"
"  --rpmdb-root ROOT  compare with the packages installed in the rpm database\n"
"                 ROOT/var/lib/rpm (sqlite, read-only): a FILE older than one\n"
"                 of them fails (older-than-installed). No database, or one\n"
"                 that lists no package, is a set-up error (exit 2).\n"
"  --allow-downgrade  dom0 asked for a downgrade: compare with nothing\n"
"                 (--published and --rpmdb-root are not read).\n"
"  --report-fd N  also write one record per FILE, in argument order, to the\n"
"                 open descriptor N (3..1023): the stage report of\n"
"                 src/receive/README.md (tab-separated, escaped fields:\n"
"                 pkg, FILE, ok|fail, code, and for a passing file its\n"
"                 header's name, version, release, arch, the signer's\n"
"                 fingerprint, the whole-file SHA-256 and createrepo_c's\n"
"                 cache name; then reason and detail). Implies the\n"
"                 whole-file digest of --file-digest.\n"
"  --user NAME    when started as root, switch to user NAME (all groups\n"
"                 dropped) before reading the keyring or any package. As\n"
"                 root without --user it refuses to run (exit 2).\n"
"  --help         print this text and exit 0.\n"
"  --version      print the version and exit 0.\n"
"\n"
"Output (text): 'OK NAME' or 'FAIL NAME: REASON (DETAIL)', where non-printable\n"
"bytes and '\\' in NAME and DETAIL are written \\xHH; DETAIL names the tag or\n"
"key concerned. REASON (JSON code):\n"
"  not a regular file (not-regular)       cannot open (open-failed)\n"
"  not an RPM (not-rpm)                   malformed package (malformed)\n"
"  signature item not accepted (bad-tag)  unsigned item would be installed\n"
"  not signed (not-signed)                  (unsigned-item)\n"
"  signature packet not understood        algorithm not accepted\n"
"    (bad-packet)                           (bad-algorithm)\n"
"  signed by a key not in the keyring     signing key revoked (key-revoked)\n"
"    (no-key)                             signing key expired (key-expired)\n"
"  signing key not trusted (not-trusted)  bad signature (bad-signature)\n"
"  header digest mismatch (header-digest) size tag does not match the file\n"
"  MD5 digest mismatch (legacy-digest)      (size-mismatch)\n"
"  payload not covered by a digest        payload digest mismatch\n"
"    (no-payload-digest)                    (payload-digest)\n"
"  file changed while read (file-changed) read error (read-error)\n"
"  internal error (internal)             cannot write the copy (write-error)\n"
"  older than installed                   older than published\n"
"    (older-than-installed)                 (older-than-published)\n"
"The detail of the last two names the newer package, NAME-EPOCH:VERSION-\n"
"RELEASE.ARCH, and the FILE's own.\n"
"With --json, a passing file's object also has \"signer\": the fingerprint\n"
"of the key that verified its header signature.\n"
"\n"
"Exit status: 0 if every FILE passed; 1 if any failed (whatever their\n"
"number); 2 on a usage or set-up error (no FILE, bad option, bad keyring,\n"
"root without --user, librpm or libgcrypt does not start, --published or\n"
"--rpmdb-root unreadable), in which case\n"
"nothing is printed on standard output.\n"
"\n"
"Hardening: PR_SET_NO_NEW_PRIVS is set first; the program only reads. As\n"
"root, a mount namespace makes every mount read-only but --output-dir;\n"
"Landlock then allows reading only the FILEs and the keyring and writing\n"
"only in --output-dir; each worker gets limits (RLIMIT_AS, NOFILE, NPROC 0,\n"
"no core dumps) and a seccomp allow-list. One stderr line names the\n"
"confinement in force; with no mount namespace and no Landlock: exit 2.\n";

struct sc_opts {
    const char *keyring;
    const char *user;
    const char *output_dir;
    const char *published;
    const char *rpmdb_root;
    int allow_downgrade;
    int jobs;
    int json;
    int file_digest;
    int report_fd;
};

static int parse_jobs(const char *s, int *jobs)
{
    uint64_t n;

    if (os_parse_u64(s, SC_JOBS_MAX, &n) != 0 || n < 1)
        return -1;
    *jobs = (int)n;
    return 0;
}

/* --report-fd N: a descriptor above stderr that is open. */
static int parse_report_fd(const char *s, int *fd)
{
    uint64_t n;

    if (os_parse_u64(s, 1023, &n) != 0 || n < 3 || fcntl((int)n, F_GETFD) < 0)
        return -1;
    *fd = (int)n;
    return 0;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > SC_JOBS_DEFAULT_MAX ? SC_JOBS_DEFAULT_MAX : (int)n;
}

/* Take option C (with optarg). 0, 1 for --help, 2 for --version, -1 on
 * error (*msg set when there is something to say). */
static int take_option(int c, struct sc_opts *o, const char **msg)
{
    int rc = 0;

    if (c == 'k')
        o->keyring = optarg;
    else if (c == 'u')
        o->user = optarg;
    else if (c == 'J')
        o->json = 1;
    else if (c == 'D')
        o->file_digest = 1;
    else if (c == 'O')
        o->output_dir = optarg;
    else if (c == 'P')
        o->published = optarg;
    else if (c == 'R')
        o->rpmdb_root = optarg;
    else if (c == 'A')
        o->allow_downgrade = 1;
    else if (c == 'F')
        rc = parse_report_fd(optarg, &o->report_fd);
    else if (c == 'h')
        rc = 1;
    else if (c == 'V')
        rc = 2;
    else if (c != 'j' || parse_jobs(optarg, &o->jobs) != 0)
        rc = -1;
    if (rc < 0 && c == 'j')
        *msg = "--jobs needs a number from 1 to 256";
    if (rc < 0 && c == 'F')
        *msg = "--report-fd needs an open descriptor number from 3 to 1023";
    return rc;
}

static const struct option sc_longopts[] = {
    { "keyring", required_argument, NULL, 'k' },
    { "jobs", required_argument, NULL, 'j' },
    { "json", no_argument, NULL, 'J' },
    { "file-digest", no_argument, NULL, 'D' },
    { "output-dir", required_argument, NULL, 'O' },
    { "published", required_argument, NULL, 'P' },
    { "rpmdb-root", required_argument, NULL, 'R' },
    { "allow-downgrade", no_argument, NULL, 'A' },
    { "report-fd", required_argument, NULL, 'F' },
    { "user", required_argument, NULL, 'u' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 },
};

/* Returns the index of the first FILE, 0 after --help, -1 on error. */
static int parse_args(int argc, char **argv, struct sc_opts *o)
{
    const char *msg = NULL;
    int c, r = 0;

    o->jobs = default_jobs();
    while (r == 0 && (c = getopt_long(argc, argv, "+", sc_longopts, NULL)) != -1)
        r = take_option(c, o, &msg);
    if (r == 1 || r == 2) {
        if (r == 1)
            fputs(sc_help, stdout);
        else
            printf("airlock-sigcheck %s\n", AIRLOCK_VERSION);
        return 0;
    }
    if (r == 0)
        msg = o->keyring == NULL ? "--keyring DIR is required" :
              o->file_digest && !o->json ? "--file-digest needs --json" :
              optind >= argc ? "no FILE given" : NULL;
    if (r == 0 && msg == NULL) {
        o->file_digest |= o->report_fd >= 0;   /* the report carries the digest */
        return optind;
    }
    if (msg != NULL)
        fprintf(stderr, "airlock-sigcheck: %s\n", msg);
    fprintf(stderr, "Try 'airlock-sigcheck --help'.\n");
    return -1;
}

/* Print every verdict (and its record on report_fd, if >= 0); the exit
 * status they add up to. */
static int report(char *const *files, size_t n, const struct sc_verdict *v,
                  const struct sc_filesum *sums, int json, int report_fd)
{
    int status = SC_EXIT_OK;

    for (size_t i = 0; i < n; i++) {
        if (report_fd >= 0 && sc_write_record(report_fd, files[i], &v[i], &sums[i]) != 0) {
            fprintf(stderr, "airlock-sigcheck: writing the report: %s\n", strerror(errno));
            return SC_EXIT_USAGE;
        }
        if (json)
            sc_print_json(stdout, files[i], &v[i], sums != NULL ? &sums[i] : NULL);
        else
            sc_print_text(stdout, files[i], &v[i]);
        if (v[i].code != SC_OK)
            status = SC_EXIT_FAIL;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "airlock-sigcheck: writing results: %s\n", strerror(errno));
        status = SC_EXIT_USAGE;
    }
    return status;
}

int main(int argc, char **argv)
{
    struct sc_opts o = { NULL, NULL, NULL, NULL, NULL, 0, 1, 0, 0, -1 };
    struct sc_jobctx ctx = { NULL, NULL, -1, NULL, NULL, -1 };
    struct sc_verdict *v = NULL;
    struct sc_filesum *sums = NULL;
    char err[512] = "";
    struct sc_setup su = { .out_dirfd = -1 };
    int first = parse_args(argc, argv, &o);
    int status = SC_EXIT_USAGE;
    size_t n;

    if (first <= 0) {
        status = first == 0 ? SC_EXIT_OK : SC_EXIT_USAGE;
        goto out;
    }
    n = (size_t)(argc - first);
    su = (struct sc_setup){ .user = o.user, .keyring = o.keyring, .output_dir = o.output_dir,
                            .published = o.published, .rpmdb_root = o.rpmdb_root,
                            .allow_downgrade = o.allow_downgrade };
    if (sc_set_up(&su, argv + first, n, err, sizeof(err)) == 0)
        ctx = (struct sc_jobctx){ su.kr, su.use, su.out_dirfd, &su.seal, NULL, o.report_fd };
    v = calloc(n, sizeof(*v));
    sums = o.file_digest ? calloc(n, sizeof(*sums)) : NULL;
    if (ctx.kr == NULL || v == NULL || (o.file_digest && sums == NULL) ||
        sc_run_jobs(argv + first, n, o.jobs, &ctx, v, sums) != 0) {
        fprintf(stderr, "airlock-sigcheck: %s\n", err[0] ? err : "cannot start workers");
        goto out;
    }
    status = report(argv + first, n, v, sums, o.json, o.report_fd);
out:
    free(sums);
    free(v);
    sc_keyring_free(su.kr);
    sc_refs_free(&su.refs);
    if (su.out_dirfd >= 0)
        close(su.out_dirfd);
    return status;
}
