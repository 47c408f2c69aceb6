/* test_os.c -- unit tests of src/os: the stage report's escaping
 * (escape.c: every byte round-trips, only the canonical form is read
 * back) and strict number parsing (num.c). Run by tests/suites/13-os.sh
 * under ASan+UBSan. */
#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "num.h"
#include "report.h"

/* All 255 non-NUL bytes, escaped and read back, give the same bytes; the
 * escaped form holds no byte below 0x21, no byte from 0x7f. */
static void every_byte_round_trips(void)
{
    uint8_t in[255];
    char esc[255 * 4 + 1], back[256];
    long n, m;
    int clean = 1;

    for (int i = 0; i < 255; i++)
        in[i] = (uint8_t)(i + 1);
    n = os_escape(in, sizeof in, esc, sizeof esc);
    for (long i = 0; n > 0 && i < n; i++)
        clean &= (uint8_t)esc[i] >= 0x21 && (uint8_t)esc[i] < 0x7f;
    m = n < 0 ? -1 : os_unescape(esc, back, sizeof back);
    report(n > 0 && clean && m == 255 && memcmp(in, back, 255) == 0,
           "escape: every non-NUL byte round-trips, the escaped form is plain", "mismatch");
}

static void must_unescape(const char *s, const char *want, const char *name)
{
    char out[64];
    long n = os_unescape(s, out, sizeof out);

    report(n == (long)strlen(want) && strcmp(out, want) == 0, name, "not read as expected");
}

static void must_refuse(const char *s, const char *name)
{
    char out[64];

    report(os_unescape(s, out, sizeof out) < 0, name, "accepted");
}

static void unescape_table(void)
{
    must_unescape("alpha-1.0.rpm", "alpha-1.0.rpm", "unescape: plain text is itself");
    must_unescape("a\\x09b\\x5cc\\x20d", "a\tb\\c d", "unescape: tab, backslash, space");
    must_unescape("", "", "unescape: the empty field");
    must_refuse("a\tb", "unescape: a raw tab is refused");
    must_refuse("a b", "unescape: a raw space is refused");
    must_refuse("a\\x41", "unescape: an escaped byte that need not be is refused");
    must_refuse("a\\x00", "unescape: an escaped NUL is refused");
    must_refuse("a\\x0G", "unescape: a bad hex digit is refused");
    must_refuse("a\\X09", "unescape: \\X is refused");
    must_refuse("a\\x0", "unescape: a cut escape is refused");
    must_refuse("a\\x0A", "unescape: upper-case hex is refused");
    must_refuse("\xc3\xa9", "unescape: a raw byte above 0x7e is refused");
}

static void escape_bounds(void)
{
    char out[8];
    const uint8_t tab[] = { '\t' };

    report(os_escape(tab, 1, out, 5) == 4 && strcmp(out, "\\x09") == 0,
           "escape: one escaped byte fits 5 bytes", out);
    report(os_escape(tab, 1, out, 4) < 0 && out[0] == '\0',
           "escape: does not fit 4 bytes, leaves an empty string", out);
    report(os_unescape("abcdefgh", out, 8) < 0, "unescape: 8 bytes do not fit 8 (NUL)", "fit");
}

static void numbers(void)
{
    uint64_t v = 7;

    report(os_parse_u64("0", 10, &v) == 0 && v == 0, "number: 0", "refused");
    report(os_parse_u64("18446744073709551615", UINT64_MAX, &v) == 0 && v == UINT64_MAX,
           "number: UINT64_MAX", "refused");
    report(os_parse_u64("18446744073709551616", UINT64_MAX, &v) != 0, "number: UINT64_MAX + 1",
           "accepted");
    report(os_parse_u64("11", 10, &v) != 0 && os_parse_u64("10", 10, &v) == 0 && v == 10,
           "number: the bound is inclusive", "wrong");
    report(os_parse_u64("", 10, &v) != 0 && os_parse_u64("-1", 10, &v) != 0 &&
           os_parse_u64("+1", 10, &v) != 0 && os_parse_u64(" 1", 10, &v) != 0 &&
           os_parse_u64("1x", 10, &v) != 0, "number: empty, sign, space, junk refused", "accepted");
}

int main(void)
{
    every_byte_round_trips();
    unescape_table();
    escape_bounds();
    numbers();
    return failures != 0;
}
