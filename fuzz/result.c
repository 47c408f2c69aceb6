/* result.c -- harness for the result codec of the core (src/core/result.h).
 *
 * 1. Decoder: the input is a result as a receiver could send it. The
 *    answer must be AL_OK exactly when ResultWellFormed holds (checked
 *    here with the harness's own reading of §10), the fields must be the
 *    ones the contract names, and the name span must lie inside the input.
 * 2. Encoder round trip: the input also chooses the encoder's arguments:
 *      bytes 0-3 code, 4-7 crc, byte 8 bit 0 ext, byte 9 the capacity
 *      (< 128: exactly what is needed; else short by (b9 - 128) % 24),
 *      rest the name (at most AL_NAME_MAX bytes).
 *    The output goes to an exact-size allocation; the answer must be the
 *    size of the contract's behaviour (0 when the capacity is too small,
 *    leaving the buffer untouched); the bytes must be the §10 layout; and
 *    decoding them must give back code, crc and name.
 */
#include <string.h>

#include "fuzz.h"
#include "result.h"

static void check_decode(const uint8_t *b, size_t len)
{
    struct al_result r;
    uint32_t e = al_result_decode(b, len, &r);
    int wf = len >= 16 && fz_le32(b + 4) == 0 && fz_le32(b + 12) == 0 &&
             (len == 16 ||
              (len >= 20 && fz_le32(b + 16) == len - 20 &&
               fz_le32(b + 16) <= AL_RESULT_NAME_MAX));

    if (wf) {
        FUZZ_CHECK(e == AL_OK);
        FUZZ_CHECK(r.code == fz_le32(b));
        FUZZ_CHECK(r.crc == fz_le32(b + 8));
        FUZZ_CHECK(r.has_ext == (len > 16 ? 1u : 0u));
        if (r.has_ext) {
            FUZZ_CHECK(r.name_off == 20 && r.name_len == len - 20);
            FUZZ_CHECK(r.name_off + r.name_len <= len);
        } else {
            FUZZ_CHECK(r.name_len == 0);
        }
    } else {
        FUZZ_CHECK(e == AL_E_RES_SHORT || e == AL_E_RES_PAD || e == AL_E_RES_EXT);
        if (len < 16)
            FUZZ_CHECK(e == AL_E_RES_SHORT);
    }
}

static void check_encode(const uint8_t *d, size_t size)
{
    uint32_t code, crc, name_len;
    int ext;
    const uint8_t *name;
    size_t need, cap, n, i;
    uint8_t *out, *name_copy;
    struct al_result r;

    if (size < 10)
        return;
    code = fz_le32(d);
    crc = fz_le32(d + 4);
    ext = d[8] & 1;
    name = d + 10;
    name_len = (uint32_t)(size - 10 > AL_NAME_MAX ? AL_NAME_MAX : size - 10);
    need = ext ? 20u + name_len : 16u;
    cap = need;
    if (d[9] >= 128) {
        size_t short_by = (size_t)(d[9] - 128) % 24u;
        cap = short_by > need ? 0 : need - short_by;
    }
    out = malloc(cap ? cap : 1);
    name_copy = malloc(name_len ? name_len : 1);
    FUZZ_CHECK(out != NULL && name_copy != NULL);
    memset(out, 0xa5, cap);
    memcpy(name_copy, name, name_len);
    n = al_result_encode(out, cap, code, crc, ext, name_copy, name_len);
    if (cap < need) {
        FUZZ_CHECK(n == 0);
        for (i = 0; i < cap; i++)
            FUZZ_CHECK(out[i] == 0xa5);
    } else {
        FUZZ_CHECK(n == need);
        FUZZ_CHECK(fz_le32(out) == code && fz_le32(out + 4) == 0);
        FUZZ_CHECK(fz_le64(out + 8) == crc);
        if (ext) {
            FUZZ_CHECK(fz_le32(out + 16) == name_len);
            FUZZ_CHECK(memcmp(out + 20, name, name_len) == 0);
        }
        check_decode(out, n);
        FUZZ_CHECK(al_result_decode(out, n, &r) == AL_OK);
        FUZZ_CHECK(r.code == code && r.crc == crc);
        FUZZ_CHECK(r.has_ext == (uint32_t)(ext && 1));
        if (ext)
            FUZZ_CHECK(r.name_len == name_len &&
                       memcmp(out + r.name_off, name, name_len) == 0);
    }
    free(out);
    free(name_copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_decode(data, size);
    check_encode(data, size);
    return 0;
}
