/* test_rpmcanon.c -- unit tests of the proven canonical signature header
 * encoder (src/core/rpmcanon.h, spec/RPM.md §8).
 *
 * Every header al_rpm_canon writes is fed back to the proven checker
 * (al_rpm_header, al_rpm_items); three are also compared byte for byte
 * with headers computed by hand from §8. Prints "ok - NAME" or
 * "not ok - NAME: reason" per test, as tests/run expects.
 */
#include <stdio.h>
#include <string.h>

#include "rpmcanon.h"

#include "report.h"

static const char hex[] =
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
static const uint8_t dsa[] = { 'D', 'S', 'A', '!' };
static const uint8_t rsa[] = { 'R', 'S', 'A' };

#define BE(v) (uint8_t)((v) >> 24), (uint8_t)((v) >> 16), (uint8_t)((v) >> 8), (uint8_t)(v)
#define ENT(t, ty, o, c) BE(t), BE(ty), BE(o), BE(c)
#define MAGIC 0x8e, 0xad, 0xe8, 0x01, 0, 0, 0, 0

/* Encode, check with the proven checker, compare with want (if any). */
static void must_encode(const char *name, const uint8_t *d, uint32_t a, const uint8_t *r,
                        uint32_t b, uint64_t size, const uint8_t *want, uint32_t want_len)
{
    struct al_rpm_canon_in in = { d, a, r, b, (const uint8_t *)hex, size };
    static uint8_t out[AL_RPM_CANON_MAX];
    struct al_rpm_item it[AL_RPM_SIG_IL_MAX];
    uint32_t bad = 0, n = al_rpm_canon(out, sizeof out, &in);
    char what[128];

    if (n == 0) {
        report(0, name, "al_rpm_canon refused");
        return;
    }
    snprintf(what, sizeof what, "al_rpm_header says %u at entry %u", al_rpm_header(out, n,
             AL_RPM_SIG, &bad), bad);
    report(al_rpm_header(out, n, AL_RPM_SIG, &bad) == AL_RPM_OK, name, what);
    al_rpm_items(out, it);
    report(it[1].tag == (a > 0 ? 267u : 268u) && it[1].start == 0, name, "first item");
    if (want != NULL)
        report(n == want_len && memcmp(out, want, n) == 0, name, "bytes differ from §8");
}

static void must_refuse(const char *name, const uint8_t *d, uint32_t a, const uint8_t *r,
                        uint32_t b, const char *h, uint32_t cap)
{
    struct al_rpm_canon_in in = { d, a, r, b, (const uint8_t *)h, 1000 };
    static uint8_t out[AL_RPM_CANON_MAX];

    memset(out, 0xa5, sizeof out);
    report(al_rpm_canon(out, cap, &in) == 0 && out[0] == 0xa5, name, "accepted or wrote");
}

int main(void)
{
    /* 267 of 4 bytes, size 1000: digest at 4, NUL at 68, 3 zeros, 1000 at
     * 72, trailer at 76: il 4, dl 92, 172 bytes. */
    static const uint8_t narrow[] = {
        MAGIC, BE(4), BE(92), ENT(62, 7, 76, 16),
        ENT(267, 7, 0, 4), ENT(273, 6, 4, 1), ENT(1000, 4, 72, 1),
        'D', 'S', 'A', '!',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        0, 0, 0, 0, BE(1000), ENT(62, 7, 0xffffffc0u, 16),
    };
    /* 267 (4) and 268 (3), size 5 GiB: 1 zero, 270 at 8, digest at 16,
     * trailer at 81: il 5, dl 97, 193 bytes. */
    static const uint8_t wide[] = {
        MAGIC, BE(5), BE(97), ENT(62, 7, 81, 16),
        ENT(267, 7, 0, 4), ENT(268, 7, 4, 3), ENT(270, 5, 8, 1), ENT(273, 6, 16, 1),
        'D', 'S', 'A', '!', 'R', 'S', 'A', 0, BE(1), BE(0x40000000u),
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        0, ENT(62, 7, 0xffffffb0u, 16),
    };
    /* 268 (3) alone, size 2^32 - 1: digest at 3, NUL at 67, 1000 at 68
     * without padding, trailer at 72: il 4, dl 88, 168 bytes. */
    static const uint8_t rsa_only[] = {
        MAGIC, BE(4), BE(88), ENT(62, 7, 72, 16),
        ENT(268, 7, 0, 3), ENT(273, 6, 3, 1), ENT(1000, 4, 68, 1),
        'R', 'S', 'A',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f',
        0, BE(0xffffffffu), ENT(62, 7, 0xffffffc0u, 16),
    };
    static uint8_t big[AL_RPM_CANON_SIGS_MAX + 1];

    must_encode("canon-narrow-bytes", dsa, 4, NULL, 0, 1000, narrow, sizeof narrow);
    must_encode("canon-wide-bytes", dsa, 4, rsa, 3, 5ull << 30, wide, sizeof wide);
    must_encode("canon-rsa-only-bytes", NULL, 0, rsa, 3, 0xffffffffu, rsa_only,
                sizeof rsa_only);
    for (uint32_t a = 0; a < 20; a++) {
        for (uint32_t b = a == 0; b < 12; b++) {
            char name[64];
            uint64_t size = (a + b) % 2 ? 4294967296ull + a : 12345 + b;

            snprintf(name, sizeof name, "canon-checker-accepts-%u-%u", a, b);
            must_encode(name, big, a, big + 100, b, size, NULL, 0);
        }
    }
    must_encode("canon-largest-signatures", big, AL_RPM_CANON_SIGS_MAX - 5, big, 5,
                1ull << 40, NULL, 0);
    must_refuse("canon-refuses-no-signature", NULL, 0, NULL, 0, hex, AL_RPM_CANON_MAX);
    must_refuse("canon-refuses-uppercase-digest", dsa, 4, NULL, 0,
                "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
                AL_RPM_CANON_MAX);
    must_refuse("canon-refuses-short-digest", dsa, 4, NULL, 0,
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
                AL_RPM_CANON_MAX);
    must_refuse("canon-refuses-cap-one-short", dsa, 4, NULL, 0, hex, sizeof narrow - 1);
    must_refuse("canon-refuses-too-long", big, AL_RPM_CANON_SIGS_MAX, big, 1, hex,
                AL_RPM_CANON_MAX);
    return failures != 0;
}
