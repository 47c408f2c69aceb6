/*
 * airlock-sigcheck: decide which received RPM packages may be published.
 * Command line, set-up and output only; the check itself is verify.c.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harden.h"
#include "jobs.h"
#include "keyring.h"
#include "output.h"
#include "policy.h"
#include "verdict.h"

#define SC_EXIT_OK 0
#define SC_EXIT_FAIL 1
#define SC_EXIT_USAGE 2
#define SC_JOBS_MAX 256

static const char sc_help[] =
"Usage: airlock-sigcheck --keyring DIR [--jobs N] [--json [--file-digest]]\n"
"                        [--user NAME] FILE...\n"
"\n"
"Check that each FILE is an RPM package genuinely signed by a trusted key,\n"
"and print one line per FILE, in argument order.\n"
"\n"
"A FILE passes only if all of these hold:\n"
"  - it is a regular file: symlinks (never followed), directories, FIFOs,\n"
"    sockets and devices are rejected without being opened or read;\n"
"  - it has an RPM lead, signature header and header; librpm verifies a\n"
"    header signature made by a key in DIR, and every header digest present\n"
"    (SHA-1, SHA-256);\n"
"  - the signed header carries a payload digest (SHA-256/384/512) and the\n"
"    digest of every byte after the header, to the end of the file, equals\n"
"    it (so corrupted, truncated or appended-to packages fail).\n"
"Not checked, by design: the 96-byte lead beyond its magic (no signature\n"
"covers it; no rpm tool uses it), the legacy MD5 digest and v3 header+payload\n"
"signature (they cover exactly what the header signature and payload digest\n"
"already cover). Unsigned packages always fail, whatever %_pkgverify_level\n"
"says: no rpm macro file, rpmrc other than /usr/lib/rpm/rpmrc, environment\n"
"variable or rpm database is consulted.\n"
"\n"
"Options:\n"
"  --keyring DIR  trusted keys: every file in DIR not starting with '.', each\n"
"                 holding armored OpenPGP public key blocks (any number) or\n"
"                 binary public key packets; every key and subkey is trusted.\n"
"                 A file that holds no public key, an unreadable DIR or one\n"
"                 without keys is a set-up error (exit 2). Required.\n"
"  --jobs N       check with N worker processes (1..256; default: the number\n"
"                 of online CPUs). Each file is read and hashed once.\n"
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
"  --user NAME    when started as root, switch to user NAME (all groups\n"
"                 dropped) before reading the keyring or any package. As\n"
"                 root without --user it refuses to run (exit 2).\n"
"  --help         print this text and exit 0.\n"
"\n"
"Output (text): 'OK NAME' or 'FAIL NAME: REASON (DETAIL)', where non-printable\n"
"bytes and '\\' in NAME and DETAIL are written \\xHH. REASON (JSON code):\n"
"  not a regular file (not-regular)    cannot open (open-failed)\n"
"  not an RPM (not-rpm)                malformed package (malformed)\n"
"  not signed (not-signed)             signed by a key not in the keyring\n"
"  signing key not trusted               (no-key)\n"
"    (not-trusted)                     bad signature (bad-signature)\n"
"  header digest mismatch              payload not covered by a digest\n"
"    (header-digest)                     (no-payload-digest)\n"
"  payload digest mismatch             read error (read-error)\n"
"    (payload-digest)                  internal error (internal)\n"
"\n"
"Exit status: 0 if every FILE passed; 1 if any failed (whatever their\n"
"number); 2 on a usage or set-up error (no FILE, bad option, bad keyring,\n"
"root without --user, librpm does not start), in which case nothing is\n"
"printed on standard output.\n"
"\n"
"Hardening: PR_SET_NO_NEW_PRIVS is set first; the program only reads.\n";

struct sc_opts {
    const char *keyring;
    const char *user;
    int jobs;
    int json;
    int file_digest;
};

static int parse_jobs(const char *s, int *jobs)
{
    char *end = NULL;
    long n;

    errno = 0;
    n = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || n < 1 || n > SC_JOBS_MAX)
        return -1;
    *jobs = (int)n;
    return 0;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    return n < 1 ? 1 : n > SC_JOBS_MAX ? SC_JOBS_MAX : (int)n;
}

/* Returns the index of the first FILE, 0 after --help, -1 on error. */
static int parse_args(int argc, char **argv, struct sc_opts *o)
{
    static const struct option longopts[] = {
        { "keyring", required_argument, NULL, 'k' },
        { "jobs", required_argument, NULL, 'j' },
        { "json", no_argument, NULL, 'J' },
        { "file-digest", no_argument, NULL, 'D' },
        { "user", required_argument, NULL, 'u' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *msg = NULL;
    int c, rc = -1;

    o->jobs = default_jobs();
    while ((c = getopt_long(argc, argv, "+", longopts, NULL)) != -1) {
        if (c == 'k')
            o->keyring = optarg;
        else if (c == 'u')
            o->user = optarg;
        else if (c == 'J')
            o->json = 1;
        else if (c == 'D')
            o->file_digest = 1;
        else if (c == 'j' && parse_jobs(optarg, &o->jobs) != 0) {
            msg = "--jobs needs a number from 1 to 256";
            goto bad;
        }
        else if (c == 'h') {
            fputs(sc_help, stdout);
            rc = 0;
            goto out;
        } else if (c != 'j')
            goto bad;
    }
    msg = o->keyring == NULL ? "--keyring DIR is required" :
          o->file_digest && !o->json ? "--file-digest needs --json" :
          optind >= argc ? "no FILE given" : NULL;
    if (msg != NULL)
        goto bad;
    rc = optind;
    goto out;
bad:
    if (msg != NULL)
        fprintf(stderr, "airlock-sigcheck: %s\n", msg);
    fprintf(stderr, "Try 'airlock-sigcheck --help'.\n");
out:
    return rc;
}

/* Harden, start librpm, load the keyring (warnings on stderr): the
 * keyring, or NULL with a message in err. */
static struct sc_keyring *set_up(const struct sc_opts *o, char *err, size_t errlen)
{
    struct sc_keyring *kr = NULL;

    if (sc_harden(o->user, err, errlen) == 0 && sc_rpm_init(err, errlen) == 0)
        kr = sc_keyring_load(o->keyring, stderr, err, errlen);
    return kr;
}

/* Print every verdict; the exit status they add up to. */
static int report(char *const *files, size_t n, const struct sc_verdict *v,
                  const struct sc_filesum *sums, int json)
{
    int status = SC_EXIT_OK;

    for (size_t i = 0; i < n; i++) {
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
    struct sc_opts o = { NULL, NULL, 1, 0, 0 };
    struct sc_verdict *v = NULL;
    struct sc_filesum *sums = NULL;
    char err[512] = "";
    struct sc_keyring *kr = NULL;
    int first = parse_args(argc, argv, &o);
    int status = SC_EXIT_USAGE;
    size_t n;

    if (first <= 0) {
        status = first == 0 ? SC_EXIT_OK : SC_EXIT_USAGE;
        goto out;
    }
    n = (size_t)(argc - first);
    kr = set_up(&o, err, sizeof(err));
    v = calloc(n, sizeof(*v));
    sums = o.file_digest ? calloc(n, sizeof(*sums)) : NULL;
    if (kr == NULL || v == NULL || (o.file_digest && sums == NULL) ||
        sc_run_jobs(argv + first, n, o.jobs, kr, v, sums) != 0) {
        fprintf(stderr, "airlock-sigcheck: %s\n", err[0] ? err : "cannot start workers");
        goto out;
    }
    status = report(argv + first, n, v, sums, o.json);
out:
    free(sums);
    free(v);
    sc_keyring_free(kr);
    return status;
}
