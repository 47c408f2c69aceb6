/* name.c -- differential harness for the name policies (src/core/name.h).
 *
 * Input: the name bytes, whole (no NUL added). Each validator of the core
 * (al_name_rpm, al_name_portable, al_name_allowed with both policies) runs
 * on a copy that ends where its allocation ends, and must answer what two
 * independent readings of spec/qfile.acsl §8 answer:
 *   - ref.h's deliberately simple implementation (character-class strings,
 *     the ".rpm" suffix by memcmp);
 *   - the grammar itself, as a POSIX extended regular expression compiled
 *     by libc's regcomp() in the C locale:
 *       rpm       ^[A-Za-z0-9][A-Za-z0-9._+^~-]*\.rpm$  and length <= 260
 *       portable  ^[ -.0-~]+$  and length <= 255, and not "." or ".."
 *     (the bounded repetitions {0,255} and {1,255} of the grammar are
 *     written as a length check: glibc expands a bounded repetition into
 *     255 copies, which made every match slow; both forms match the same
 *     strings).
 * Also checked: the answers are 0 or 1 (the contracts' `boolean`), and the
 * answers for the prefixes of the name whose lengths are near a bound
 * agree too (that is where off-by-one bugs in the length bounds live).
 */
#include <regex.h>
#include <string.h>

#include "fuzz.h"
#include "ref.h"
#include "name.h"

static regex_t re_rpm, re_portable;
static int re_ready;

static void re_init(void)
{
    if (re_ready)
        return;
    FUZZ_CHECK(regcomp(&re_rpm, "^[A-Za-z0-9][A-Za-z0-9._+^~-]*\\.rpm$",
                       REG_EXTENDED | REG_NOSUB) == 0);
    FUZZ_CHECK(regcomp(&re_portable, "^[ -.0-~]+$",
                       REG_EXTENDED | REG_NOSUB) == 0);
    re_ready = 1;
}

/* regexec() stops at a NUL; no class of either grammar holds NUL. */
static int grammar_match(const regex_t *re, const uint8_t *n, size_t len)
{
    char *z;
    int ok;

    if (memchr(n, 0, len) != NULL)
        return 0;
    if (len > (re == &re_rpm ? 260u : 255u))
        return 0;
    z = malloc(len + 1);
    FUZZ_CHECK(z != NULL);
    memcpy(z, n, len);
    z[len] = '\0';
    ok = regexec(re, z, 0, NULL, 0) == 0;
    if (ok && re == &re_portable)
        ok = strcmp(z, ".") != 0 && strcmp(z, "..") != 0;
    free(z);
    return ok;
}

/* Check the len-byte name at n (it ends where its allocation ends). */
static void check_one(const uint8_t *n, size_t len, int with_regex)
{
    uint32_t l32 = (uint32_t)len;
    int rpm, portable;

    rpm = al_name_rpm(n, l32);
    portable = al_name_portable(n, l32);
    FUZZ_CHECK(rpm == 0 || rpm == 1);
    FUZZ_CHECK(portable == 0 || portable == 1);
    FUZZ_CHECK(al_name_allowed(AL_NAMES_RPM, n, l32) == rpm);
    FUZZ_CHECK(al_name_allowed(AL_NAMES_PORTABLE, n, l32) == portable);
    FUZZ_CHECK(rpm == ref_name_rpm(n, len));
    FUZZ_CHECK(portable == ref_name_portable(n, len));
    if (with_regex) {
        FUZZ_CHECK(rpm == grammar_match(&re_rpm, n, len));
        FUZZ_CHECK(portable == grammar_match(&re_portable, n, len));
    }
    /* Every rpm name of at most 255 bytes is a portable name. */
    if (rpm && len <= 255)
        FUZZ_CHECK(portable);
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
    uint8_t *buf;
    size_t i;

    re_init();
    if (size > 1024)   /* names are at most 260 bytes; keep some margin */
        size = 1024;
    buf = malloc(size ? size : 1);
    FUZZ_CHECK(buf != NULL);
    memcpy(buf, data, size);
    check_one(buf, size, 1);
    /* The shorter prefixes whose lengths are near a bound (0..7, 250..262)
     * or near the whole name, copied to the end of the allocation. */
    for (i = 0; i < size && i <= 262; i++) {
        if (!(i < 8 || i >= 250 || i + 4 >= size))
            continue;
        memcpy(buf + size - i, data, i);
        check_one(buf + size - i, i, 0);
    }
    free(buf);
    return 0;
}
