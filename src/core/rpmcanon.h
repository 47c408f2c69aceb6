/* rpmcanon.h -- the canonical signature header of spec/RPM.md §8. Proven
 * core (RpmCanon* in spec/rpm.acsl).
 *
 * al_rpm_canon writes a signature header holding exactly the items
 * airlock keeps: the header signatures it verified (267, 268), byte for
 * byte; the header+payload size from the real lengths (1000, or 270 from
 * 4 GiB on); the SHA-256 header digest (273). The header it writes is one
 * al_rpm_header accepts (RpmHdrOk of kind AL_RPM_SIG). No I/O, no
 * allocation.
 *
 * PROOF STATUS: not yet complete. WP proves most goals, but some frame
 * goals (facts carried across later calls) and some lemma goals are still
 * unproved, so this file is not yet in proofs/prove.sh's CORE; the
 * encoder's mutants wait in proofs/wip/canon/mutants. Its behaviour is tested
 * against the proven checker (proofs/wip/canon/test_rpmcanon.c).
 */
#ifndef AIRLOCK_RPMCANON_H
#define AIRLOCK_RPMCANON_H

#include "rpm.h"

/* Both signatures together at most this many bytes (RpmCanonInOk). */
#define AL_RPM_CANON_SIGS_MAX 262048u
/* The largest header al_rpm_canon writes: 5 entries, the signatures, the
 * size (8), the digest (65), padding (7) and the trailer. */
#define AL_RPM_CANON_MAX (16u + 16u * 5u + AL_RPM_CANON_SIGS_MAX + 96u)

/* What the canonical header holds. A signature of length 0 is absent. */
struct al_rpm_canon_in {
    const uint8_t *dsa;      /* 267: DSA/EdDSA header signature, verified */
    uint32_t dsa_len;
    const uint8_t *rsa;      /* 268: RSA header signature, verified       */
    uint32_t rsa_len;
    const uint8_t *sha256;   /* 273: 64 lowercase hex digits, no NUL      */
    uint64_t size;           /* 1000 / 270: main header + payload bytes   */
};

/* Write the canonical signature header for *in into out[0 .. cap-1].
 * Requires: out has cap writable bytes; *in is readable, and so are each
 * signature's len bytes and the digest's 64; none of them overlaps out.
 * Returns the header's length T, or 0 -- writing nothing then -- when
 * there is no signature, the two are longer than AL_RPM_CANON_SIGS_MAX
 * together, the digest is not 64 lowercase hex digits, or cap < T.
 * On success the header is well formed as the proven checker reads it,
 * its layout is RPM.md §8's (RpmCanonIndex), its items' bytes are the
 * inputs' (RpmCanonData) and its padding is zero (RpmCanonPadZero). */
/*@ requires valid_in: \valid_read(in);
    requires valid_out: \valid(out + (0 .. cap - 1));
    requires valid_dsa: \valid_read(in->dsa + (0 .. in->dsa_len - 1));
    requires valid_rsa: \valid_read(in->rsa + (0 .. in->rsa_len - 1));
    requires valid_hex: \valid_read(in->sha256 + (0 .. 63));
    requires sep: \separated(out + (0 .. cap - 1), in, in->dsa + (0 .. in->dsa_len - 1),
                             in->rsa + (0 .. in->rsa_len - 1), in->sha256 + (0 .. 63));
    assigns out[0 .. cap - 1];
    behavior ok:
      assumes RpmCanonInOk(in->dsa_len, in->rsa_len, (uint8_t *)in->sha256, in->size, cap);
      ensures size: \result == RpmCanonSize(in->dsa_len, in->rsa_len, in->size);
      ensures well_formed: RpmHdrOk(out, AL_RPM_SIG) && RpmHdrSize(out) == \result;
      ensures layout: RpmCanonIndex(out, in->dsa_len, in->rsa_len, in->size);
      ensures data: RpmCanonData(RpmData(out), (uint8_t *)in->dsa, (uint8_t *)in->rsa,
                                 (uint8_t *)in->sha256, in->dsa_len, in->rsa_len, in->size);
      ensures padding: RpmCanonPadZero(RpmData(out), in->dsa_len, in->rsa_len, in->size);
    behavior bad:
      assumes !RpmCanonInOk(in->dsa_len, in->rsa_len, (uint8_t *)in->sha256, in->size, cap);
      assigns \nothing;
      ensures \result == 0;
    complete behaviors;
    disjoint behaviors;
 */
uint32_t al_rpm_canon(uint8_t *out, uint32_t cap, const struct al_rpm_canon_in *in);

#endif
