/* ref.h -- a second, deliberately simple implementation of the format's
 * acceptance rules (spec/qfile.acsl §3-§9), written for the harnesses and
 * sharing no code with src/core. It favours being obviously right over
 * being fast: character classes are strings searched with strchr, the
 * limits are compared in 128-bit arithmetic, and the rule order is the one
 * entry.h documents (§3, §8, §5, §6, §7).
 */
#ifndef AIRLOCK_FUZZ_REF_H
#define AIRLOCK_FUZZ_REF_H

#include <string.h>

#include "fuzz.h"
#include "qfile.h"

#define REF_ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#define REF_RPM_EXTRA "._+^~-"

static inline int ref_in(const char *set, uint8_t c)
{
    return c != 0 && strchr(set, c) != NULL;
}

/* §8.1 [A-Za-z0-9][A-Za-z0-9._+^~-]{0,255}\.rpm : one leading character,
 * 0..255 middle characters, then the literal suffix ".rpm". */
static inline int ref_name_rpm(const uint8_t *n, size_t len)
{
    size_t middle, i;

    if (len < 1 + 4)
        return 0;
    middle = len - 1 - 4;
    if (middle > 255)
        return 0;
    if (!ref_in(REF_ALNUM, n[0]))
        return 0;
    for (i = 0; i < middle; i++)
        if (!ref_in(REF_ALNUM, n[1 + i]) && !ref_in(REF_RPM_EXTRA, n[1 + i]))
            return 0;
    return memcmp(n + 1 + middle, ".rpm", 4) == 0;
}

/* §8.2 1..255 bytes from 0x20..0x7E except '/', and neither "." nor "..". */
static inline int ref_name_portable(const uint8_t *n, size_t len)
{
    size_t i;

    if (len < 1 || len > 255)
        return 0;
    for (i = 0; i < len; i++)
        if (n[i] < ' ' || n[i] > '~' || n[i] == '/')
            return 0;
    if (len == 1 && n[0] == '.')
        return 0;
    if (len == 2 && n[0] == '.' && n[1] == '.')
        return 0;
    return 1;
}

static inline int ref_name_allowed(uint32_t policy, const uint8_t *n, size_t len)
{
    return policy == AL_NAMES_RPM ? ref_name_rpm(n, len) : ref_name_portable(n, len);
}

static inline int ref_all_zero(const uint8_t *h, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (h[i] != 0)
            return 0;
    return 1;
}

/* §3 + §8 + §5 + §6 + §7 for one complete entry whose namelen is within
 * 2..261: AL_OK or the code of the first rule broken. */
static inline uint32_t ref_entry(const uint8_t *h, const uint8_t *name,
                                 uint32_t policy, uint64_t files, uint64_t bytes,
                                 uint64_t max_files, uint64_t max_bytes)
{
    uint32_t namelen = fz_le32(h);
    uint32_t mode = fz_le32(h + 4);
    uint64_t filelen = fz_le64(h + 8);

    if (memchr(name, 0, namelen) != name + namelen - 1)
        return AL_E_NAME_NUL;
    if (!ref_name_allowed(policy, name, namelen - 1))
        return AL_E_NAME_POLICY;
    if ((mode & 0170000u) != 0100000u || mode > 0177777u)
        return AL_E_MODE;
    if (fz_le32(h + 20) > 999999999u || fz_le32(h + 28) > 999999999u)
        return AL_E_NSEC;
    if ((unsigned __int128)files + 1 > max_files)
        return AL_E_FILES;
    if ((unsigned __int128)bytes + filelen > max_bytes)
        return AL_E_BYTES;
    return AL_OK;
}

#endif
