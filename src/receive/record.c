/* record.c -- one stage report record read (record.h). */
#include "record.h"

#include <stdint.h>
#include <string.h>

#include "escape.h"
#include "name.h"

static const char *const reasons[REC_E_COUNT] = {
    [REC_OK] = "well-formed",
    [REC_E_LONG] = "longer than a record can be",
    [REC_E_FIELDS] = "not 13 tab-separated fields",
    [REC_E_TYPE] = "not a pkg record",
    [REC_E_VERDICT] = "verdict neither ok nor fail",
    [REC_E_ESCAPE] = "a byte not escaped as the format requires",
    [REC_E_SIZE] = "a field too long",
    [REC_E_CODE] = "verdict and code disagree",
    [REC_E_FILE] = "file is not an rpm name",
    [REC_E_NOT_EMPTY] = "a field of a failed package is not empty",
};

const char *rec_reason(int code)
{
    return code >= 0 && code < REC_E_COUNT ? reasons[code] : "no such code";
}

/* line (NUL-terminated) cut at its TABs into exactly REC_FIELDS fields. */
static int split(char *line, char *f[REC_FIELDS])
{
    size_t i = 0;

    f[0] = line;
    for (char *p = line; (p = strchr(p, '\t')) != NULL; p++) {
        if (i == REC_FIELDS - 1)
            return REC_E_FIELDS;
        *p = '\0';
        f[++i] = p + 1;
    }
    return i == REC_FIELDS - 1 ? REC_OK : REC_E_FIELDS;
}

/* The escaped field s, unescaped into out (cap bytes). */
static int unescape_field(const char *s, char *out, size_t cap)
{
    char plain[REC_LINE_MAX];
    long n = os_unescape(s, plain, sizeof plain);   /* never longer than s */

    if (n < 0)
        return REC_E_ESCAPE;
    if ((size_t)n >= cap)
        return REC_E_SIZE;
    memcpy(out, plain, (size_t)n + 1);
    return REC_OK;
}

/* Fields 2 and 4 to 13 (the escaped ones) into v, in order. */
static int unescape_all(char *const f[REC_FIELDS], struct verdict *v)
{
    char *const dst[REC_FIELDS] = { NULL, v->file, NULL, v->code, v->name, v->version,
                                    v->release, v->arch, v->signer, v->sha256, v->crcache,
                                    v->reason, v->detail };
    const size_t cap[REC_FIELDS] = { 0, sizeof v->file, 0, sizeof v->code, sizeof v->name,
                                     sizeof v->version, sizeof v->release, sizeof v->arch,
                                     sizeof v->signer, sizeof v->sha256, sizeof v->crcache,
                                     sizeof v->reason, sizeof v->detail };
    int rc = REC_OK;

    for (size_t i = 1; i < REC_FIELDS && rc == REC_OK; i++)
        if (dst[i] != NULL)
            rc = unescape_field(f[i], dst[i], cap[i]);
    return rc;
}

/* The rules between fields, on the unescaped values of v. */
static int check_values(const struct verdict *v)
{
    const char *const must_be_empty[] = { v->name, v->version, v->release, v->arch,
                                          v->signer, v->sha256, v->crcache };

    if (v->code[0] == '\0' || v->ok != (strcmp(v->code, "ok") == 0))
        return REC_E_CODE;
    if (al_name_rpm((const uint8_t *)v->file, (uint32_t)strlen(v->file)) != 1)
        return REC_E_FILE;
    for (size_t i = 0; !v->ok && i < sizeof must_be_empty / sizeof must_be_empty[0]; i++)
        if (must_be_empty[i][0] != '\0')
            return REC_E_NOT_EMPTY;
    return REC_OK;
}

static int parse_fields(char *line, struct verdict *v)
{
    char *f[REC_FIELDS];
    int rc = split(line, f);

    if (rc != REC_OK)
        return rc;
    if (strcmp(f[0], "pkg") != 0)
        return REC_E_TYPE;
    if (strcmp(f[2], "ok") != 0 && strcmp(f[2], "fail") != 0)
        return REC_E_VERDICT;
    v->ok = strcmp(f[2], "ok") == 0;
    rc = unescape_all(f, v);
    return rc != REC_OK ? rc : check_values(v);
}

int rec_parse(const char *untrusted_line, size_t len, struct verdict *v)
{
    char line[REC_LINE_MAX];
    int rc;

    memset(v, 0, sizeof *v);
    if (len > REC_LINE_MAX - 1)
        return REC_E_LONG;
    /* A raw NUL would end a field early: escaped form has none. */
    if (memchr(untrusted_line, '\0', len) != NULL)
        return REC_E_ESCAPE;
    memcpy(line, untrusted_line, len);
    line[len] = '\0';
    rc = parse_fields(line, v);
    if (rc != REC_OK)
        memset(v, 0, sizeof *v);
    return rc;
}
