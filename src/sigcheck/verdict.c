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
    [SC_BAD_TAG]           = { "bad-tag", "signature item not accepted" },
    [SC_UNSIGNED_ITEM]     = { "unsigned-item", "unsigned item would be installed" },
    [SC_BAD_PACKET]        = { "bad-packet", "signature packet not understood" },
    [SC_BAD_ALGORITHM]     = { "bad-algorithm", "algorithm not accepted" },
    [SC_KEY_REVOKED]       = { "key-revoked", "signing key revoked" },
    [SC_KEY_EXPIRED]       = { "key-expired", "signing key expired" },
    [SC_LEGACY_DIGEST]     = { "legacy-digest", "MD5 digest mismatch" },
    [SC_SIZE_MISMATCH]     = { "size-mismatch", "size tag does not match the file" },
    [SC_FILE_CHANGED]      = { "file-changed", "file changed while read" },
    [SC_WRITE_ERROR]       = { "write-error", "cannot write the copy" },
    [SC_OLDER_INSTALLED]   = { "older-than-installed", "older than installed" },
    [SC_OLDER_PUBLISHED]   = { "older-than-published", "older than published" },
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
    if (code != SC_OK)
        v->signer[0] = '\0';
    if (fmt == NULL)
        return;
    va_start(ap, fmt);
    vsnprintf(v->detail, sizeof(v->detail), fmt, ap);
    va_end(ap);
}
