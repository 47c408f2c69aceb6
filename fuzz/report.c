/* report.c -- harness for one record of airlock-sigcheck's stage report
 * as airlock-receive reads it (src/receive/record.h, rec_parse), against
 * the writer's own code and an independent reading of the grammar.
 *
 * The input is one record line without its LF (a real record, or any
 * bytes). Checked on every input:
 *   - rec_parse answers a known code with a reason text; a refusal
 *     leaves the verdict all zero;
 *   - differential: it accepts exactly when ref_accept does, a second
 *     reader written here from src/receive/README.md ("The stage
 *     report") sharing no code with record.c or src/os/escape.c (its own
 *     TAB split, escape rules, rpm names by fuzz/ref.h);
 *   - on acceptance, invariants: every field NUL-terminated within its
 *     array, ok exactly when the code is "ok", the file an rpm name by
 *     the core's al_name_rpm, the header fields, signer, digest and
 *     cache name empty unless ok;
 *   - round trip through the writer: each accepted field escaped again
 *     by os_escape (what the writer's put_field calls) and joined with
 *     TABs gives the input back; and when the record is one the writer
 *     can produce (a code of src/sigcheck/verdict.c with its own reason
 *     text, the cache name in createrepo_c's NAME-KEY-ISIZE-MTIME form),
 *     airlock-sigcheck's sc_write_record, fed the verdict read, writes
 *     the input plus LF byte for byte;
 *   - the other way: a verdict made from the input's TAB-separated
 *     pieces, written by sc_write_record, is read back with the same
 *     fields (refused only when its file is not an rpm name).
 * AIRLOCK_FUZZ_VERBOSE=1 prints a tally of the paths taken at exit.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "ref.h"
#include "escape.h"
#include "name.h"
#include "output.h"
#include "record.h"
#include "verdict.h"

static int wpipe[2] = { -1, -1 };
static unsigned long n_in, n_ok, n_writer, n_back;

static void tally(void)
{
    fprintf(stderr, "report: %lu inputs, %lu accepted, %lu written back by sc_write_record, "
            "%lu writer records read back\n", n_in, n_ok, n_writer, n_back);
}

/* The unescaped lengths' arrays, as struct verdict holds them. */
static const size_t ref_cap[REC_FIELDS] = { 4, 256, 5, 32, 256, 128, 128, 64, 48, 72, 512, 128, 256 };

/* One escaped field b[0 .. n) by the README's rule, into out (its bytes,
 * length *len): 1 if well-formed. */
static int ref_field(const uint8_t *b, size_t n, uint8_t *out, size_t *len)
{
    static const char lhex[] = "0123456789abcdef";
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        uint8_t c = b[i];

        if (c == '\\') {
            const char *h, *l;

            if (n - i < 4 || b[i + 1] != 'x' || b[i + 2] == 0 || b[i + 3] == 0 ||
                (h = strchr(lhex, b[i + 2])) == NULL || (l = strchr(lhex, b[i + 3])) == NULL)
                return 0;
            c = (uint8_t)((h - lhex) * 16 + (l - lhex));
            if (c == 0 || !(c <= 0x20 || c >= 0x7f || c == '\\'))
                return 0;
            i += 3;
        } else if (c <= 0x20 || c >= 0x7f) {
            return 0;
        }
        out[o++] = c;
    }
    *len = o;
    return 1;
}

/* The README's acceptance, written again. */
static int ref_accept(const uint8_t *b, size_t n)
{
    static uint8_t val[REC_FIELDS][REC_LINE_MAX];
    size_t len[REC_FIELDS], start = 0, k = 0;

    if (n > REC_LINE_MAX - 1)
        return 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && b[i] != '\t')
            continue;
        if (k == REC_FIELDS || !ref_field(b + start, i - start, val[k], &len[k]) ||
            len[k] >= ref_cap[k])
            return 0;
        k++;
        start = i + 1;
    }
    if (k != REC_FIELDS || len[0] != 3 || memcmp(val[0], "pkg", 3) != 0)
        return 0;
    int ok = len[2] == 2 && memcmp(val[2], "ok", 2) == 0;
    int fail = len[2] == 4 && memcmp(val[2], "fail", 4) == 0;
    int code_ok = len[3] == 2 && memcmp(val[3], "ok", 2) == 0;
    if ((!ok && !fail) || len[3] == 0 || ok != code_ok || !ref_name_rpm(val[1], len[1]))
        return 0;
    for (size_t f = 4; fail && f <= 10; f++)
        if (len[f] != 0)
            return 0;
    return 1;
}

static int all_zero(const struct verdict *v)
{
    static const struct verdict zero;

    return memcmp(v, &zero, sizeof zero) == 0;
}

/* The verdict's 13 fields, in record order ("pkg" and the verdict too). */
static void fields_of(const struct verdict *v, const char *f[REC_FIELDS], size_t cap[REC_FIELDS])
{
    const char *const p[REC_FIELDS] = { "pkg", v->file, v->ok ? "ok" : "fail", v->code, v->name,
                                        v->version, v->release, v->arch, v->signer, v->sha256,
                                        v->crcache, v->reason, v->detail };
    const size_t c[REC_FIELDS] = { 4, sizeof v->file, 5, sizeof v->code, sizeof v->name,
                                   sizeof v->version, sizeof v->release, sizeof v->arch,
                                   sizeof v->signer, sizeof v->sha256, sizeof v->crcache,
                                   sizeof v->reason, sizeof v->detail };

    memcpy(f, p, sizeof p);
    memcpy(cap, c, sizeof c);
}

/* Invariants of an accepted verdict, and the field-level round trip. */
static void check_accepted(const struct verdict *v, const uint8_t *data, size_t size)
{
    static char line[REC_LINE_MAX * 4];
    const char *f[REC_FIELDS];
    size_t cap[REC_FIELDS], off = 0;

    fields_of(v, f, cap);
    for (size_t i = 0; i < REC_FIELDS; i++) {
        FUZZ_CHECK(strnlen(f[i], cap[i]) < cap[i]);
        if (!v->ok && i >= 4 && i <= 10)
            FUZZ_CHECK(f[i][0] == '\0');
        if (i > 0)
            line[off++] = '\t';
        long n = os_escape((const uint8_t *)f[i], strlen(f[i]), line + off, sizeof line - off);
        FUZZ_CHECK(n >= 0);
        off += (size_t)n;
    }
    FUZZ_CHECK(v->ok == (strcmp(v->code, "ok") == 0) && v->code[0] != '\0');
    FUZZ_CHECK(al_name_rpm((const uint8_t *)v->file, (uint32_t)strlen(v->file)) == 1);
    FUZZ_CHECK(off == size && memcmp(line, data, size) == 0);
}

/* sc_write_record into the pipe; what it wrote, NUL-terminated, into out. */
static size_t write_record(const char *file, const struct sc_verdict *scv,
                           const struct sc_filesum *sum, char *out, size_t cap)
{
    ssize_t got;

    FUZZ_CHECK(sc_write_record(wpipe[1], file, scv, sum) == 0);
    got = read(wpipe[0], out, cap - 1);
    FUZZ_CHECK(got > 0);
    out[got] = '\0';
    return (size_t)got;
}

/* The code whose name is s, or SC_CODE_COUNT. */
static enum sc_code code_named(const char *s)
{
    for (int c = 0; c < SC_CODE_COUNT; c++)
        if (strcmp(sc_code_name((enum sc_code)c), s) == 0)
            return (enum sc_code)c;
    return SC_CODE_COUNT;
}

/* crcache as FILE-KEY-ISIZE-MTIME (filesum.h) into sum; 1 if it is. */
static int split_crcache(const struct verdict *v, struct sc_filesum *sum)
{
    size_t fl = strlen(v->file);
    const char *rest = v->crcache + fl + 1;
    char again[sizeof v->crcache + 64];

    if (strncmp(v->crcache, v->file, fl) != 0 || v->crcache[fl] != '-')
        return 0;
    for (size_t a = 0; a < sizeof sum->cache_key && rest[a] != '\0'; a++) {
        char *end;

        if (rest[a] != '-')
            continue;
        memcpy(sum->cache_key, rest, a);
        sum->cache_key[a] = '\0';
        sum->installed_size = strtoull(rest + a + 1, &end, 10);
        sum->mtime = *end == '-' ? strtoll(end + 1, NULL, 10) : 0;
        snprintf(again, sizeof again, "%s-%s-%llu-%lld", v->file, sum->cache_key,
                 sum->installed_size, sum->mtime);
        if (strcmp(again, v->crcache) == 0)
            return 1;
    }
    return 0;
}

/* The writer's inputs for an accepted verdict; 0 if it cannot write it. */
static int writer_inputs(const struct verdict *v, struct sc_verdict *scv, struct sc_filesum *sum)
{
    memset(scv, 0, sizeof *scv);
    memset(sum, 0, sizeof *sum);
    scv->code = code_named(v->code);
    if (scv->code == SC_CODE_COUNT || strcmp(v->reason, sc_code_text(scv->code)) != 0 ||
        strlen(v->detail) >= sizeof scv->detail || strlen(v->signer) >= sizeof scv->signer ||
        strlen(v->sha256) >= sizeof sum->sha256)
        return 0;
    strcpy(scv->detail, v->detail);
    strcpy(scv->signer, v->signer);
    strcpy(sum->sha256, v->sha256);
    strcpy(sum->name, v->name);
    strcpy(sum->version, v->version);
    strcpy(sum->release, v->release);
    strcpy(sum->arch, v->arch);
    if (!v->ok || v->sha256[0] == '\0')
        return v->crcache[0] == '\0';
    return split_crcache(v, sum);
}

static void check_writer_round_trip(const struct verdict *v, const uint8_t *data, size_t size)
{
    static char out[SC_RECORD_MAX + 1];
    struct sc_verdict scv;
    struct sc_filesum sum;

    if (!writer_inputs(v, &scv, &sum))
        return;
    n_writer++;
    FUZZ_CHECK(write_record(v->file, &scv, &sum, out, sizeof out) == size + 1);
    FUZZ_CHECK(memcmp(out, data, size) == 0 && out[size] == '\n');
}

/* piece k of the input's TAB-separated pieces, as a C string cut to cap. */
static void piece(const uint8_t *data, size_t size, int k, char *out, size_t cap)
{
    size_t i = 0, o = 0;

    for (; k > 0 && i < size; i++)
        k -= data[i] == '\t';
    for (; i < size && data[i] != '\t' && data[i] != 0 && o + 1 < cap; i++)
        out[o++] = (char)data[i];
    out[o] = '\0';
}

/* A writer record made of the input's pieces is read back, fields alike. */
static void check_writer_to_reader(const uint8_t *data, size_t size)
{
    static char file[256], code[64], out[SC_RECORD_MAX + 1];
    struct sc_verdict scv = { 0 };
    struct sc_filesum sum = { 0 };
    struct verdict v;
    size_t n;
    int rc;

    piece(data, size, 1, file, sizeof file);
    piece(data, size, 3, code, sizeof code);
    scv.code = code_named(code);
    if (scv.code == SC_CODE_COUNT)
        scv.code = (enum sc_code)(size % SC_CODE_COUNT);
    piece(data, size, 4, sum.name, sizeof sum.name);
    piece(data, size, 5, sum.version, sizeof sum.version);
    piece(data, size, 6, sum.release, sizeof sum.release);
    piece(data, size, 7, sum.arch, sizeof sum.arch);
    piece(data, size, 8, scv.signer, sizeof scv.signer);
    piece(data, size, 9, sum.sha256, sizeof sum.sha256);
    piece(data, size, 10, sum.cache_key, sizeof sum.cache_key);
    piece(data, size, 12, scv.detail, sizeof scv.detail);
    sum.installed_size = size;
    sum.mtime = size > 0 ? (long long)data[0] - 128 : 0;
    n = write_record(file, &scv, &sum, out, sizeof out);
    FUZZ_CHECK(n > 0 && out[n - 1] == '\n');
    rc = rec_parse(out, n - 1, &v);
    if (al_name_rpm((const uint8_t *)file, (uint32_t)strlen(file)) != 1) {
        FUZZ_CHECK(rc == REC_E_FILE);
        return;
    }
    n_back++;
    FUZZ_CHECK(rc == REC_OK && strcmp(v.file, file) == 0 && v.ok == (scv.code == SC_OK));
    FUZZ_CHECK(strcmp(v.code, sc_code_name(scv.code)) == 0);
    FUZZ_CHECK(strcmp(v.reason, sc_code_text(scv.code)) == 0 && strcmp(v.detail, scv.detail) == 0);
    FUZZ_CHECK(strcmp(v.name, v.ok ? sum.name : "") == 0 && strcmp(v.arch, v.ok ? sum.arch : "") == 0);
    FUZZ_CHECK(strcmp(v.version, v.ok ? sum.version : "") == 0);
    FUZZ_CHECK(strcmp(v.release, v.ok ? sum.release : "") == 0);
    FUZZ_CHECK(strcmp(v.signer, v.ok ? scv.signer : "") == 0);
    FUZZ_CHECK(strcmp(v.sha256, v.ok ? sum.sha256 : "") == 0);
    FUZZ_CHECK((v.crcache[0] != '\0') == (v.ok && sum.sha256[0] != '\0'));
    check_accepted(&v, (const uint8_t *)out, n - 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    FUZZ_CHECK(REC_LINE_MAX == SC_RECORD_MAX);
    if (wpipe[0] < 0)
        FUZZ_CHECK(pipe2(wpipe, O_CLOEXEC) == 0);
    if (getenv("AIRLOCK_FUZZ_VERBOSE") != NULL)
        atexit(tally);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct verdict v;
    int rc;

    if (wpipe[0] < 0)
        LLVMFuzzerInitialize(NULL, NULL);
    n_in++;
    memset(&v, 0x5a, sizeof v);
    rc = rec_parse((const char *)data, size, &v);
    FUZZ_CHECK(rc >= 0 && rc < REC_E_COUNT && rec_reason(rc) != NULL);
    FUZZ_CHECK((rc == REC_OK) == ref_accept(data, size));
    if (rc == REC_OK) {
        n_ok++;
        check_accepted(&v, data, size);
        check_writer_round_trip(&v, data, size);
    } else {
        FUZZ_CHECK(all_zero(&v));
    }
    check_writer_to_reader(data, size);
    return 0;
}
