/* test_record.c -- table-driven tests of the stage report's record reader
 * (src/receive/record.h), under ASan+UBSan. Run by
 * tests/suites/14-record.sh.
 *
 * Each row is one record line (without its LF; the length is the
 * string's unless the row gives one) and the code rec_parse must answer;
 * every refusal must name that reason and leave the verdict all zero,
 * every acceptance must give the fields the row expects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"
#include "report.h"

#define SHA "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define FPR "8f1c0d0e5b0b4e2a9d3c7a1e0f6b2c4d5e6f7a8b"
#define OK_TAIL "\talpha\t1.0\t1\tnoarch\t" FPR "\t" SHA "\talpha.rpm-" SHA "-8192-1700000000\tok\t"
#define FAIL_TAIL "\t\t\t\t\t\t\t\t"

struct row {
    const char *what;
    const char *line;
    int want;
};

static const struct row rows[] = {
    /* accepted */
    { "a passing package", "pkg\talpha.rpm\tok\tok" OK_TAIL, REC_OK },
    { "a failed package, detail escaped",
      "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "signed\\x20by\\x20a\\x20key\\x20not\\x20in\\x20the\\x20keyring"
      "\tkey\\x20ID\\x20ABCD", REC_OK },
    { "a failed package, empty detail", "pkg\tx.rpm\tfail\tbad-signature" FAIL_TAIL "bad\\x20signature\t", REC_OK },
    { "a file name with every allowed mark", "pkg\tA9._+^~-x.rpm\tfail\tnot-rpm" FAIL_TAIL "n\t", REC_OK },
    /* fields */
    { "empty line", "", REC_E_FIELDS },
    { "12 fields", "pkg\talpha.rpm\tok\tok\talpha\t1.0\t1\tnoarch\t" FPR "\t" SHA "\tc\tok", REC_E_FIELDS },
    { "14 fields", "pkg\talpha.rpm\tok\tok" OK_TAIL "\textra", REC_E_FIELDS },
    { "a doubled TAB adds a field", "pkg\t\talpha.rpm\tok\tok" OK_TAIL, REC_E_FIELDS },
    /* type and verdict */
    { "type PKG", "PKG\talpha.rpm\tok\tok" OK_TAIL, REC_E_TYPE },
    { "type escaped", "pk\\x67\talpha.rpm\tok\tok" OK_TAIL, REC_E_TYPE },
    { "type empty", "\talpha.rpm\tok\tok" OK_TAIL, REC_E_TYPE },
    { "verdict OK", "pkg\talpha.rpm\tOK\tok" OK_TAIL, REC_E_VERDICT },
    { "verdict with a space", "pkg\talpha.rpm\tok \tok" OK_TAIL, REC_E_VERDICT },
    { "verdict empty", "pkg\talpha.rpm\t\tok" OK_TAIL, REC_E_VERDICT },
    /* escaping */
    { "raw space in a field", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "no key\t", REC_E_ESCAPE },
    { "raw CR", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "no\rkey\t", REC_E_ESCAPE },
    { "raw byte 0x7f", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "\x7f\t", REC_E_ESCAPE },
    { "raw byte 0xc3", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "\xc3\xa9\t", REC_E_ESCAPE },
    { "raw backslash", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "a\\b\t", REC_E_ESCAPE },
    { "escaped NUL", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "a\\x00b\t", REC_E_ESCAPE },
    { "needless escape of 'a'", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "\\x61\t", REC_E_ESCAPE },
    { "uppercase hex", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "\\x2A\\x0A\t", REC_E_ESCAPE },
    { "short escape", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "\\x2\t", REC_E_ESCAPE },
    { "escape at the end", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "r\t\\", REC_E_ESCAPE },
    { "\\u form", "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "\\u0020\t", REC_E_ESCAPE },
    /* values */
    { "ok verdict, failure code", "pkg\talpha.rpm\tok\tno-key" OK_TAIL, REC_E_CODE },
    { "fail verdict, ok code", "pkg\tx.rpm\tfail\tok" FAIL_TAIL "ok\t", REC_E_CODE },
    { "empty code", "pkg\tx.rpm\tfail\t" FAIL_TAIL "r\t", REC_E_CODE },
    { "file not .rpm", "pkg\talpha.deb\tok\tok" OK_TAIL, REC_E_FILE },
    { "file with a slash", "pkg\tsub/alpha.rpm\tok\tok" OK_TAIL, REC_E_FILE },
    { "file hidden", "pkg\t.alpha.rpm\tok\tok" OK_TAIL, REC_E_FILE },
    { "file empty", "pkg\t\tfail\tno-key" FAIL_TAIL "r\t", REC_E_FILE },
    { "file with an escaped space", "pkg\ta\\x20b.rpm\tfail\tno-key" FAIL_TAIL "r\t", REC_E_FILE },
    { "failed package with a name", "pkg\tx.rpm\tfail\tno-key\talpha\t\t\t\t\t\t\tr\t", REC_E_NOT_EMPTY },
    { "failed package with a signer", "pkg\tx.rpm\tfail\tno-key\t\t\t\t\t" FPR "\t\t\tr\t", REC_E_NOT_EMPTY },
    { "failed package with a digest", "pkg\tx.rpm\tfail\tno-key\t\t\t\t\t\t" SHA "\t\tr\t", REC_E_NOT_EMPTY },
    { "failed package with a cache name", "pkg\tx.rpm\tfail\tno-key\t\t\t\t\t\t\tc\tr\t", REC_E_NOT_EMPTY },
};

static int all_zero(const struct verdict *v)
{
    static const struct verdict zero;

    return memcmp(v, &zero, sizeof *v) == 0;
}

static void check_row(const struct row *r)
{
    struct verdict v;
    char name[200], why[200];
    int rc = rec_parse(r->line, strlen(r->line), &v), ok = rc == r->want;

    snprintf(why, sizeof why, "answered %d (%s), expected %d (%s)", rc, rec_reason(rc),
             r->want, rec_reason(r->want));
    if (ok && rc != REC_OK && !all_zero(&v)) {
        ok = 0;
        snprintf(why, sizeof why, "refused but the verdict is not all zero");
    }
    snprintf(name, sizeof name, "record %s (%s): %s", rc == REC_OK ? "accepted" : "refused",
             rec_reason(r->want), r->what);
    report(ok, name, why);
}

/* The fields of the passing and failed rows, unescaped. */
static void fields_read(void)
{
    struct verdict v;
    const char *l = rows[0].line;

    report(rec_parse(l, strlen(l), &v) == REC_OK && v.ok && strcmp(v.file, "alpha.rpm") == 0 &&
               strcmp(v.code, "ok") == 0 && strcmp(v.name, "alpha") == 0 &&
               strcmp(v.version, "1.0") == 0 && strcmp(v.release, "1") == 0 &&
               strcmp(v.arch, "noarch") == 0 && strcmp(v.signer, FPR) == 0 &&
               strcmp(v.sha256, SHA) == 0 &&
               strcmp(v.crcache, "alpha.rpm-" SHA "-8192-1700000000") == 0 &&
               strcmp(v.reason, "ok") == 0 && v.detail[0] == '\0',
           "record fields: a passing package's 13 fields as written", "");
    l = rows[1].line;
    report(rec_parse(l, strlen(l), &v) == REC_OK && !v.ok && strcmp(v.code, "no-key") == 0 &&
               strcmp(v.reason, "signed by a key not in the keyring") == 0 &&
               strcmp(v.detail, "key ID ABCD") == 0 && v.name[0] == '\0',
           "record fields: a failed package's reason and detail unescaped", "");
}

/* What a C string table cannot hold: a NUL, lengths at the limits. */
static void nul_and_lengths(void)
{
    static char line[REC_LINE_MAX + 8];
    const char *head = "pkg\tx.rpm\tfail\tno-key" FAIL_TAIL "r\t";
    size_t h = strlen(head);
    struct verdict v;

    memcpy(line, head, h);
    line[h] = 'a';
    line[h + 1] = '\0';
    report(rec_parse(line, h + 2, &v) == REC_E_ESCAPE && all_zero(&v),
           "record refused (a byte not escaped): a raw NUL inside the line", "");
    report(rec_parse(line, h + 1, &v) == REC_OK, "record accepted: the line ends at len, no NUL needed", "");
    memset(line + h, 'a', sizeof line - h);
    report(rec_parse(line, 255 + h, &v) == REC_OK && strlen(v.detail) == 255,
           "record accepted: a 255-byte detail (its buffer's limit)", "");
    report(rec_parse(line, 256 + h, &v) == REC_E_SIZE && all_zero(&v),
           "record refused (a field too long): a 256-byte detail", "");
    report(rec_parse(line, REC_LINE_MAX, &v) == REC_E_LONG && all_zero(&v),
           "record refused (longer than a record can be): 8192 bytes before the LF", "");
    report(strcmp(rec_reason(REC_E_COUNT), "no such code") == 0 && strcmp(rec_reason(-1), "no such code") == 0,
           "record reasons: codes out of range have a text", "");
}

int main(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        check_row(&rows[i]);
    fields_read();
    nul_and_lengths();
    return failures != 0;
}
