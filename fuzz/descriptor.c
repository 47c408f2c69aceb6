/* descriptor.c -- harness for qrexec's service descriptor
 * (src/receive/descriptor.h), with an independent reference model.
 *
 * Input: the bytes qrexec would write, as they are (the NUL, if any, is
 * the input's). Checked on every input:
 *   - desc_parse answers a known code, and DESC_OK exactly when the
 *     reference accepts: the POSIX extended regular expression
 *       ^qubes\.ReceiveUpdates\+? ([A-Za-z][A-Za-z0-9_-]{0,30})
 *        (name dom0|keyword adminvm)$
 *     over the bytes before a single final NUL, at most 256 bytes in all,
 *     plus qubes-core-admin's reserved names (Domain-0, none, default,
 *     *-dm), written here with strcmp, not with descriptor.c's code;
 *   - on DESC_OK, the fields are the regular expression's groups, and
 *     desc_format gives back the input, byte for byte;
 *   - on refusal, the output struct is untouched;
 *   - desc_read over a pipe holding the input and then a marker: it
 *     stops right after the first NUL (or at 256 bytes, or at the end of
 *     the connection), and whatever it did not take is still in the pipe.
 */
#include <regex.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "descriptor.h"

static regex_t re_desc;
static int re_ready;

static void re_init(void)
{
    if (re_ready)
        return;
    FUZZ_CHECK(regcomp(&re_desc,
                       "^qubes\\.ReceiveUpdates(\\+?) ([A-Za-z][A-Za-z0-9_-]{0,30}) "
                       "(name dom0|keyword adminvm)$", REG_EXTENDED) == 0);
    re_ready = 1;
}

static int reserved(const char *s)
{
    size_t n = strlen(s);

    return strcmp(s, "Domain-0") == 0 || strcmp(s, "none") == 0 ||
           strcmp(s, "default") == 0 || (n >= 3 && strcmp(s + n - 3, "-dm") == 0);
}

/* The reference verdict; on acceptance the source and target into ref. */
static int ref_accept(const uint8_t *b, size_t len, struct desc *ref)
{
    char z[DESC_MAX + 1];
    regmatch_t m[4];
    size_t n;

    if (len == 0 || len > DESC_MAX || b[len - 1] != 0 || memchr(b, 0, len - 1) != NULL)
        return 0;
    memcpy(z, b, len);
    if (regexec(&re_desc, z, 4, m, 0) != 0)
        return 0;
    n = (size_t)(m[2].rm_eo - m[2].rm_so);
    memcpy(ref->source, z + m[2].rm_so, n);
    ref->source[n] = 0;
    if (reserved(ref->source))
        return 0;
    ref->plus = m[1].rm_eo > m[1].rm_so;
    strcpy(ref->target_type, z[m[3].rm_so] == 'n' ? "name" : "keyword");
    strcpy(ref->target, z[m[3].rm_so] == 'n' ? "dom0" : "adminvm");
    return 1;
}

static void check_parse(const uint8_t *data, size_t size)
{
    uint8_t *exact = malloc(size ? size : 1), back[DESC_MAX + 1];
    struct desc d, ref, untouched;
    int rc, want;

    FUZZ_CHECK(exact != NULL);
    memcpy(exact, data, size);
    memset(&d, 0xa5, sizeof d);
    untouched = d;
    rc = desc_parse(exact, size, &d);
    want = ref_accept(exact, size, &ref);
    FUZZ_CHECK(rc >= 0 && rc < DESC_E_COUNT && rc != DESC_E_READ && rc != DESC_E_EOF);
    FUZZ_CHECK((rc == DESC_OK) == want);
    if (rc == DESC_OK) {
        FUZZ_CHECK(strcmp(d.source, ref.source) == 0 && d.plus == ref.plus);
        FUZZ_CHECK(strcmp(d.target_type, ref.target_type) == 0);
        FUZZ_CHECK(strcmp(d.target, ref.target) == 0);
        FUZZ_CHECK(desc_format(&d, back, sizeof back) == size);
        FUZZ_CHECK(memcmp(back, exact, size) == 0);
    } else {
        FUZZ_CHECK(memcmp(&d, &untouched, sizeof d) == 0);
    }
    FUZZ_CHECK(desc_reason(rc) != NULL);
    free(exact);
}

/* What desc_read must take of all[0 .. total): up to the first NUL, at
 * most DESC_MAX bytes, or everything up to the end of the connection. */
static size_t read_expect(const uint8_t *all, size_t total, int *rc)
{
    const uint8_t *nul = memchr(all, 0, total);

    if (nul != NULL && (size_t)(nul - all) < DESC_MAX) {
        *rc = DESC_OK;
        return (size_t)(nul - all) + 1;
    }
    *rc = total >= DESC_MAX ? DESC_E_LONG : DESC_E_EOF;
    return total >= DESC_MAX ? DESC_MAX : total;
}

/* desc_read over a pipe holding the input then a marker (no NUL in it):
 * it takes what read_expect says and not one byte more. */
static void check_read(const uint8_t *data, size_t size)
{
    uint8_t all[DESC_MAX + 16 + 4], buf[DESC_MAX], rest[sizeof all];
    size_t total = size + 4, len = 0, got = 0, want;
    int p[2], rc, want_rc;
    ssize_t r;

    memcpy(all, data, size);
    memcpy(all + size, "MARK", 4);
    want = read_expect(all, total, &want_rc);
    FUZZ_CHECK(pipe(p) == 0);
    FUZZ_CHECK(write(p[1], all, total) == (ssize_t)total);
    close(p[1]);
    rc = desc_read(p[0], buf, sizeof buf, &len);
    FUZZ_CHECK(rc == want_rc && len == want && memcmp(buf, all, len) == 0);
    while ((r = read(p[0], rest + got, sizeof rest - got)) > 0)
        got += (size_t)r;
    close(p[0]);
    FUZZ_CHECK(got == total - want && memcmp(rest, all + want, got) == 0);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    re_init();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    re_init();
    if (size > DESC_MAX + 16)   /* a pipe takes it whole; longer adds nothing */
        size = DESC_MAX + 16;
    check_parse(data, size);
    check_read(data, size);
    return 0;
}
