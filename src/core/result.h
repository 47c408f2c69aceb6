/* result.h -- the result header and its extension (FORMAT.md §10).
 * Proven core: the receiver encodes it, the sender decodes it.
 */
#ifndef AIRLOCK_RESULT_H
#define AIRLOCK_RESULT_H

#include "qfile.h"

/* Longest last-file name a decoded result may carry (the reference
 * receiver may send paths up to PATH_MAX). */
#define AL_RESULT_NAME_MAX 4096u

/* A decoded result: the code (an errno value, 0 = success), the CRC, and
 * the extension's name as a span of the decoded buffer (name_len 0 and
 * has_ext 0 when the receiver sent no extension). */
struct al_result {
    uint32_t code;
    uint32_t crc;
    uint32_t has_ext;
    uint32_t name_len;
    size_t name_off;
};

/* Encode a result into out[0 .. cap): the 16-byte header with code and
 * crc; with ext == 1 also the extension carrying name_len bytes of name.
 * Answers the number of bytes written (16, or 20 + name_len), or 0 when
 * cap is too small, writing nothing then.
 * Requires: ext is 0 or 1; a name of at most AL_NAME_MAX readable bytes;
 * cap writable bytes at out, apart from the name. */
/*@ requires ext: ext == 0 || ext == 1;
    requires name_len: name_len <= AL_NAME_MAX;
    requires valid_name: \valid_read(name + (0 .. name_len - 1));
    requires valid_out: \valid(out + (0 .. cap - 1));
    requires sep: \separated(out + (0 .. cap - 1), name + (0 .. name_len - 1));
    assigns out[0 .. cap - 1];
    behavior too_small:
      assumes cap < AL_RESULT_SIZE || (ext == 1 && cap < AL_RESULT_EXT_SIZE + name_len);
      assigns \nothing;
      ensures \result == 0;
    behavior header_only:
      assumes ext == 0 && cap >= AL_RESULT_SIZE;
      assigns out[0 .. AL_RESULT_SIZE - 1];
      ensures size: \result == AL_RESULT_SIZE;
      ensures fields: ResultHeaderIs(out, code, crc);
    behavior with_ext:
      assumes ext == 1 && cap >= AL_RESULT_EXT_SIZE + name_len;
      assigns out[0 .. AL_RESULT_EXT_SIZE + name_len - 1];
      ensures size: \result == AL_RESULT_EXT_SIZE + name_len;
      ensures fields: ResultHeaderIs(out, code, crc);
      ensures extension: ResultExtensionIs(out, (uint8_t *)name, name_len);
    complete behaviors;
    disjoint behaviors;
 */
size_t al_result_encode(uint8_t *out, size_t cap, uint32_t code, uint32_t crc,
                        int ext, const uint8_t *name, uint32_t name_len);

/*@ predicate ResultWellFormed(uint8_t *b, integer len) =
        len >= AL_RESULT_SIZE && Le32(b + 4) == 0 && Le32(b + 12) == 0 &&
        (len == AL_RESULT_SIZE ||
         (len >= AL_RESULT_EXT_SIZE && Le32(b + 16) == len - AL_RESULT_EXT_SIZE &&
          Le32(b + 16) <= AL_RESULT_NAME_MAX));
 */

/* Decode the complete result the receiver sent, all len bytes of it (the
 * sender reads until end of input). Answers AL_OK and fills *r exactly for
 * well-formed results: at least 16 bytes, pad and the CRC's high half zero,
 * and either nothing more or an extension whose length covers the rest.
 * Requires: len readable bytes at b; *r writable. */
/*@ requires valid_b: \valid_read(b + (0 .. len - 1));
    requires valid_r: \valid(r);
    requires sep: \separated(r, b + (0 .. len - 1));
    assigns *r;
    behavior ok:
      assumes ResultWellFormed((uint8_t *)b, len);
      ensures \result == AL_OK;
      ensures code: r->code == Le32((uint8_t *)b);
      ensures crc: r->crc == Le32((uint8_t *)b + 8);
      ensures ext: r->has_ext == (len > AL_RESULT_SIZE ? 1 : 0);
      ensures name: r->has_ext == 1 ==>
          r->name_off == AL_RESULT_EXT_SIZE && r->name_len == len - AL_RESULT_EXT_SIZE;
      ensures no_name: r->has_ext == 0 ==> r->name_len == 0;
    behavior bad:
      assumes !ResultWellFormed((uint8_t *)b, len);
      ensures \result == AL_E_RES_SHORT || \result == AL_E_RES_PAD ||
              \result == AL_E_RES_EXT;
    complete behaviors;
    disjoint behaviors;
 */
uint32_t al_result_decode(const uint8_t *b, size_t len, struct al_result *r);

#endif
