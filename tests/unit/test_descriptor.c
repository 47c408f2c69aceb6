/* test_descriptor.c -- table-driven tests of qrexec's service descriptor
 * parser and reader (src/receive/descriptor.h), under ASan+UBSan.
 *
 * Prints one line per test, "ok - NAME" or "not ok - NAME: reason", as
 * tests/run expects. Each table row is a descriptor as qrexec would write
 * it (the NUL appended here unless the row says otherwise) and the code
 * desc_parse must answer. Every accepted one must format back to the same
 * bytes; every one is also read through a pipe by desc_read, followed by
 * stream bytes that must still be there afterwards.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "descriptor.h"
#include "report.h"


struct row {
    const char *text;   /* without the NUL */
    int want;
};

static const struct row rows[] = {
    /* accepted */
    { "qubes.ReceiveUpdates+ sys-firewall name dom0", DESC_OK },
    { "qubes.ReceiveUpdates sys-firewall name dom0", DESC_OK },
    { "qubes.ReceiveUpdates+ sys-firewall keyword adminvm", DESC_OK },
    { "qubes.ReceiveUpdates+ a name dom0", DESC_OK },
    { "qubes.ReceiveUpdates+ Abcdefghijklmnopqrstuvwxyz01234 name dom0", DESC_OK },
    { "qubes.ReceiveUpdates+ sys_net-2 name dom0", DESC_OK },
    { "qubes.ReceiveUpdates+ dm name dom0", DESC_OK },
    { "qubes.ReceiveUpdates+ x-dmz name dom0", DESC_OK },
    { "qubes.ReceiveUpdates+ nonex name dom0", DESC_OK },
    /* fields and spaces */
    { "", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+ sys-firewall", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+ sys-firewall name", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+ sys-firewall name dom0 extra", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+  sys-firewall name dom0", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+ sys-firewall name dom0 ", DESC_E_FIELDS },
    { " qubes.ReceiveUpdates+ sys-firewall name dom0", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+ sys-firewall name  dom0", DESC_E_FIELDS },
    { "qubes.ReceiveUpdates+\tsys-firewall name dom0", DESC_E_FIELDS },
    /* service and argument */
    { "qubes.ReceiveUpdate+ sys-firewall name dom0", DESC_E_SERVICE },
    { "qubes.ReceiveUpdatesX sys-firewall name dom0", DESC_E_SERVICE },
    { "qubes.receiveupdates+ sys-firewall name dom0", DESC_E_SERVICE },
    { "qubes.Filecopy+ sys-firewall name dom0", DESC_E_SERVICE },
    { "qubes.ReceiveUpdates+x sys-firewall name dom0", DESC_E_ARGUMENT },
    { "qubes.ReceiveUpdates++ sys-firewall name dom0", DESC_E_ARGUMENT },
    /* source: qubes-core-admin's validate_name */
    { "qubes.ReceiveUpdates+ 1vm name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ -vm name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ _vm name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ sys.firewall name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ sys+firewall name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ sys/firewall name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ @anyvm name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ sys\xc3\xa9 name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ Abcdefghijklmnopqrstuvwxyz012345 name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ Domain-0 name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ none name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ default name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ sys-net-dm name dom0", DESC_E_SOURCE },
    { "qubes.ReceiveUpdates+ -dm name dom0", DESC_E_SOURCE },
    /* target */
    { "qubes.ReceiveUpdates+ sys-firewall name dom1", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall name adminvm", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall keyword dom0", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall keyword @adminvm", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall keyword default", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall uuid dom0", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall Name dom0", DESC_E_TARGET },
    { "qubes.ReceiveUpdates+ sys-firewall name dom0\n", DESC_E_TARGET },
};

/* Parse text + NUL; check the code, and the round trip when accepted. */
static void check_row(const struct row *r)
{
    uint8_t buf[DESC_MAX + 8], back[DESC_MAX + 8];
    size_t n = strlen(r->text) + 1;
    struct desc d;
    char why[160], name[120];
    int rc, ok;

    memcpy(buf, r->text, n);
    rc = desc_parse(buf, n, &d);
    ok = rc == r->want;
    snprintf(why, sizeof why, "answered %d (%s), expected %d", rc, desc_reason(rc), r->want);
    if (ok && rc == DESC_OK) {
        ok = desc_format(&d, back, sizeof back) == n && memcmp(back, buf, n) == 0;
        snprintf(why, sizeof why, "formats back to other bytes");
    }
    snprintf(name, sizeof name, "descriptor %s: '%.80s'",
             r->want == DESC_OK ? "accepted" : "refused", r->text);
    report(ok, name, why);
}

/* Inputs the table cannot write as C strings: NULs and length. */
static void test_nul_and_length(void)
{
    static const char good[] = "qubes.ReceiveUpdates+ sys-firewall name dom0";
    uint8_t buf[DESC_MAX + 2];
    struct desc d;
    size_t n = sizeof good;    /* with its NUL */

    memcpy(buf, good, n);
    report(desc_parse(buf, n - 1, &d) == DESC_E_NUL, "descriptor without its NUL refused", "");
    report(desc_parse(buf, 0, &d) == DESC_E_NUL, "empty input refused", "");
    buf[12] = '\0';
    report(desc_parse(buf, n, &d) == DESC_E_NUL, "descriptor with an inner NUL refused", "");
    memset(buf, 'a', sizeof buf);
    buf[DESC_MAX] = '\0';
    report(desc_parse(buf, DESC_MAX + 1, &d) == DESC_E_LONG, "257-byte input refused as too long", "");
    buf[DESC_MAX - 1] = '\0';
    report(desc_parse(buf, DESC_MAX, &d) == DESC_E_FIELDS, "256-byte input parsed (and refused on its fields)", "");
    memset(&d, 0x5a, sizeof d);
    (void)desc_parse((const uint8_t *)"x y z w", 8, &d);
    report(d.source[0] == 0x5a && d.plus == 0x5a5a5a5a, "a refused descriptor leaves the result untouched", "");
    report(desc_format(&(struct desc){ "vm", "name", "dom0", 1 }, buf, 34) == 0,
           "format refuses a too small buffer", "");
}

/* desc_read over a pipe holding what + tail: answers want with *len
 * expect_len, and the tail is still unread afterwards. */
static int read_case(const char *what, size_t wlen, int want, size_t expect_len)
{
    static const char tail[] = "STREAM";
    uint8_t buf[DESC_MAX];
    char rest[16] = { 0 };
    size_t len = 0;
    int p[2], rc, ok;

    if (pipe(p) != 0 || write(p[1], what, wlen) != (ssize_t)wlen ||
        write(p[1], tail, sizeof tail - 1) != (ssize_t)(sizeof tail - 1))
        return 0;
    if (want == DESC_E_EOF)
        close(p[1]);
    rc = desc_read(p[0], buf, sizeof buf, &len);
    ok = rc == want && len == expect_len;
    if (want != DESC_E_EOF) {
        close(p[1]);
        ok = ok && read(p[0], rest, sizeof rest) == (ssize_t)(sizeof tail - 1) &&
             memcmp(rest, tail, sizeof tail - 1) == 0;
    }
    close(p[0]);
    return ok;
}

static void test_read(void)
{
    static const char good[] = "qubes.ReceiveUpdates+ sys-firewall name dom0";
    char big[DESC_MAX + 10];

    report(read_case(good, sizeof good, DESC_OK, sizeof good),
           "read stops at the NUL; the stream after it is left unread", "");
    memset(big, 'a', sizeof big);
    report(read_case(big, DESC_MAX, DESC_E_LONG, DESC_MAX),
           "read refuses 256 bytes without a NUL, reading no further", "");
    big[DESC_MAX - 1] = '\0';
    report(read_case(big, DESC_MAX, DESC_OK, DESC_MAX),
           "read takes a NUL in the 256th byte", "");
    report(read_case("qubes.Rec", 9, DESC_E_EOF, 15),
           "read reports the end of the connection before a NUL", "");
    report(desc_read(-1, (uint8_t *)big, 4, &(size_t){ 0 }) == DESC_E_READ,
           "read reports a read error", "");
}

int main(void)
{
    size_t i;

    for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_row(&rows[i]);
    test_nul_and_length();
    test_read();
    return failures ? 1 : 0;
}
