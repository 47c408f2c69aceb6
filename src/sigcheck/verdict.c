/* airlock-sigcheck: names and texts of the verdict codes. */
#include "verdict.h"

#include <stdarg.h>
#include <stdio.h>

static const struct {
    const char *name;
    const char *text;
} sc_codes[SC_CODE_COUNT] = {
    [SC_OK]                = { "ok", "ok" },
    [SC_NOT_REGULAR]       = { "not-regular", "not a regular file" },
    [SC_OPEN_FAILED]       = { "open-failed", "cannot open" },
    [SC_NOT_RPM]           = { "not-rpm", "not an RPM" },
    [SC_MALFORMED]         = { "malformed", "malformed package" },
    [SC_NOT_SIGNED]        = { "not-signed", "not signed" },
    [SC_NO_KEY]            = { "no-key", "signed by a key not in the keyring" },
    [SC_NOT_TRUSTED]       = { "not-trusted", "signing key not trusted" },
    [SC_BAD_SIGNATURE]     = { "bad-signature", "bad signature" },
    [SC_HEADER_DIGEST]     = { "header-digest", "header digest mismatch" },
    [SC_NO_PAYLOAD_DIGEST] = { "no-payload-digest", "payload not covered by a digest" },
    [SC_PAYLOAD_DIGEST]    = { "payload-digest", "payload digest mismatch" },
    [SC_READ_ERROR]        = { "read-error", "read error" },
    [SC_INTERNAL]          = { "internal", "internal error" },
};

const char *sc_code_name(enum sc_code code)
{
    if ((unsigned)code >= SC_CODE_COUNT)
        code = SC_INTERNAL;
    return sc_codes[code].name;
}

const char *sc_code_text(enum sc_code code)
{
    if ((unsigned)code >= SC_CODE_COUNT)
        code = SC_INTERNAL;
    return sc_codes[code].text;
}

void sc_verdict_set(struct sc_verdict *v, enum sc_code code, const char *fmt, ...)
{
    va_list ap;

    v->code = code;
    v->detail[0] = '\0';
    if (fmt == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
    va_end(ap);
}
