/* result.c -- the result header and its extension. Proven core. */
#include "result.h"
#include "le.h"

size_t al_result_encode(uint8_t *out, size_t cap, uint32_t code, uint32_t crc,
                        int ext, const uint8_t *name, uint32_t name_len)
{
    size_t need = AL_RESULT_SIZE;
    size_t i;

    if (ext == 1)
        need = (size_t)AL_RESULT_EXT_SIZE + name_len;
    if (cap < need)
        return 0;
    al_put_le32(out, code);
    al_put_le32(out + 4, 0);
    al_put_le64(out + 8, crc);
    if (ext == 1) {
        al_put_le32(out + 16, name_len);
        /*@ loop invariant bounds: 0 <= i <= name_len;
            loop invariant copied: \forall integer k; 0 <= k < i ==>
                out[20 + k] == name[k];
            loop assigns i, out[20 .. 20 + name_len - 1];
            loop variant name_len - i;
         */
        for (i = 0; i < name_len; i++)
            out[AL_RESULT_EXT_SIZE + i] = name[i];
    }
    return need;
}

uint32_t al_result_decode(const uint8_t *b, size_t len, struct al_result *r)
{
    uint32_t untrusted_name_len;

    r->code = 0;
    r->crc = 0;
    r->has_ext = 0;
    r->name_len = 0;
    r->name_off = 0;
    if (len < AL_RESULT_SIZE)
        return AL_E_RES_SHORT;
    if (al_le32(b + 4) != 0 || al_le32(b + 12) != 0)
        return AL_E_RES_PAD;
    if (len > AL_RESULT_SIZE) {
        if (len < AL_RESULT_EXT_SIZE)
            return AL_E_RES_EXT;
        untrusted_name_len = al_le32(b + 16);
        if (untrusted_name_len > AL_RESULT_NAME_MAX ||
            untrusted_name_len != len - AL_RESULT_EXT_SIZE)
            return AL_E_RES_EXT;
        r->has_ext = 1;
        r->name_len = untrusted_name_len;
        r->name_off = AL_RESULT_EXT_SIZE;
    }
    r->code = al_le32(b);
    r->crc = al_le32(b + 8);
    return AL_OK;
}
