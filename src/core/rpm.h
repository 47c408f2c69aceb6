/* rpm.h -- the RPM package prefix of spec/RPM.md: lead, signature header,
 * padding, main header. Proven core.
 *
 * al_rpm_check answers AL_RPM_OK exactly when the bytes from offset 0 to
 * the payload satisfy RpmWellFormed (spec/rpm.acsl), and then describes
 * where everything is. No I/O, no allocation, no recursion. (The
 * canonical signature header of RPM.md §8 is written outside the core,
 * by src/sigcheck/canon.c; its proven version is work in progress in
 * proofs/wip/canon/.)
 */
#ifndef AIRLOCK_RPM_H
#define AIRLOCK_RPM_H

#include <stddef.h>
#include <stdint.h>

#include "rpm.acsl"

#define AL_RPM_LEAD       96u
#define AL_RPM_SIG_IL_MAX 32u
#define AL_RPM_SIG_DL_MAX 262144u
#define AL_RPM_HDR_MAX    67108864u     /* §3.5: main header, 64 MiB */
/* Largest prefix: lead, largest signature header, padding, main header. */
#define AL_RPM_PREFIX_MAX (AL_RPM_LEAD + 16u + 16u * AL_RPM_SIG_IL_MAX + \
                           AL_RPM_SIG_DL_MAX + 7u + AL_RPM_HDR_MAX)

/* Header kinds. */
#define AL_RPM_SIG  0u
#define AL_RPM_MAIN 1u

/* Stable rejection codes, each naming the section of RPM.md it enforces.
 * The first failing rule, in the order of RPM.md §7.1, is reported. */
#define AL_RPM_OK          0u
#define AL_RPM_E_NOT_RPM   1u  /* §2   shorter than the lead, or its magic  */
#define AL_RPM_E_LEAD      2u  /* §2   major not 3/4, signature type not 5  */
#define AL_RPM_E_TRUNCATED 3u  /* §1   shorter (or longer) than its sizes   */
#define AL_RPM_E_MAGIC     4u  /* §3.1 header magic or reserved bytes       */
#define AL_RPM_E_BOUNDS    5u  /* §3.5 il or dl out of bounds               */
#define AL_RPM_E_REGION    6u  /* §4   region entry or trailer              */
#define AL_RPM_E_UNSIGNED  7u  /* §5.3 file / fs-verity signature tag       */
#define AL_RPM_E_TAG       8u  /* §5.3 tag not on the allow-list            */
#define AL_RPM_E_TAG_TYPE  9u  /* §5.2 allowed tag, wrong type or count     */
#define AL_RPM_E_REPEAT   10u  /* §3.4 tag repeated (signature header)      */
#define AL_RPM_E_ORDER    11u  /* §3.4 tag not 100..2^31-1, or not ascending */
#define AL_RPM_E_TYPE     12u  /* §3.2 type not 1..9                        */
#define AL_RPM_E_KNOWN    13u  /* §6.1 5092/5093 without rpm's type         */
#define AL_RPM_E_COUNT    14u  /* §3.2 count 0, STRING count not 1, > 0xFFFFF */
#define AL_RPM_E_PLACE    15u  /* §3.3 data misplaced, or string without NUL */
#define AL_RPM_E_UNOWNED  16u  /* §3.3 data bytes belonging to no entry     */
#define AL_RPM_E_MAX      16u

/* One signature-header entry after the region entry: its data are
 * d[start .. end-1], d the header's data store (a string's NUL included). */
struct al_rpm_item {
    uint32_t tag;
    uint32_t type;
    uint32_t count;
    uint32_t start;
    uint32_t end;
};

struct al_rpm_layout {
    uint32_t sig_size;   /* S: signature header, at AL_RPM_LEAD          */
    uint32_t sig_il;     /* its entries, the region entry included       */
    uint32_t sig_data;   /* file offset of its data store                */
    uint32_t main_off;   /* 96 + S + P                                   */
    uint32_t main_size;  /* H; the payload starts at main_off + H        */
    uint32_t bad_kind;   /* on an entry's failure: which header ...      */
    uint32_t bad_entry;  /* ... and which entry (0 otherwise)            */
    struct al_rpm_item item[AL_RPM_SIG_IL_MAX];   /* [1 .. sig_il-1]     */
};

/*@ predicate RpmItemsAre(uint8_t *h, struct al_rpm_item *it, integer n) =
        \forall integer k; 1 <= k < n ==>
            it[k].tag == RpmTag(h, k) && it[k].type == RpmType(h, k) &&
            it[k].count == RpmCount(h, k) && it[k].start == RpmOff(h, k) &&
            it[k].end == RpmEntEnd(h, k);
 */

/* A header whose intro is known good: il entries, dl data bytes, all of
 * them readable. */
/*@ predicate RpmHdrReadable(uint8_t *h, integer il, integer dl) =
        il == RpmIl(h) && dl == RpmDl(h) && 1 <= il <= 65535 &&
        16 <= dl <= AL_RPM_PREFIX_MAX &&
        \valid_read(h + (0 .. 16 + 16 * il + dl - 1));
 */

/* Decode the big-endian u32 / u16 at p. */
/*@ requires \valid_read(p + (0 .. 3));
    assigns \nothing;
    ensures \result == RpmBe32((uint8_t *)p);
 */
uint32_t al_be32(const uint8_t *p);

/*@ requires \valid_read(p + (0 .. 1));
    assigns \nothing;
    ensures \result == RpmBe16((uint8_t *)p);
 */
uint32_t al_be16(const uint8_t *p);

/* Store v big-endian into p[0 .. 3]. */
/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3];
    ensures RpmBe32(p) == v;
 */
void al_put_be32(uint8_t *p, uint32_t v);

/* The end of the data of n strings back to back from d[p], within
 * d[0 .. lim-1]: one past the n-th NUL, or -1 when a NUL is missing. */
/*@ requires \valid_read(d + (0 .. lim - 1));
    assigns \nothing;
    ensures spec: \result == RpmStrsEnd((uint8_t *)d, p, n, lim);
    ensures bound: \result == -1 || (p <= \result && (n > 0 ==> \result <= lim));
 */
int64_t al_rpm_strs_end(const uint8_t *d, uint32_t p, uint32_t n, uint32_t lim);

/* §3.3: entry i (1 <= i < il) of the header at h, whose previous entry's
 * data ended at e, is placed well after it; then *end is where its
 * data end. */
/*@ requires RpmHdrReadable((uint8_t *)h, il, dl);
    requires 1 <= i < il;
    requires count: RpmCount((uint8_t *)h, i) >= 1;
    requires prev: e <= dl - 16;
    requires \valid(end) && \separated(end, h + (0 .. 16 + 16 * il + dl - 1));
    assigns *end;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> RpmPlacedAt((uint8_t *)h, i, e);
    ensures \result == 1 ==> *end == RpmEntEnd((uint8_t *)h, i) && *end <= dl - 16;
 */
int al_rpm_placed(const uint8_t *h, uint32_t il, uint32_t dl, uint32_t i, uint32_t e,
                  uint32_t *end);

/* Check one header of KIND at h, of which avail bytes are readable (at
 * least its 16-byte intro); on an entry's failure *bad is its index. */
/*@ requires kind: kind == AL_RPM_SIG || kind == AL_RPM_MAIN;
    requires avail: 16 <= avail <= AL_RPM_PREFIX_MAX;
    requires valid_h: \valid_read(h + (0 .. avail - 1));
    requires valid_bad: \valid(bad) && \separated(bad, h + (0 .. avail - 1));
    assigns *bad;
    ensures code: \result <= AL_RPM_E_MAX;
    ensures iff_spec: \result == AL_RPM_OK <==>
        (RpmHdrOk((uint8_t *)h, kind) && RpmHdrSize((uint8_t *)h) <= avail);
 */
uint32_t al_rpm_header(const uint8_t *h, uint32_t avail, uint32_t kind, uint32_t *bad);

/* Describe the entries 1 .. il-1 of a signature header known good in
 * it[1 .. il-1]. */
/*@ requires ok: RpmHdrOk((uint8_t *)h, AL_RPM_SIG);
    requires valid_h: \valid_read(h + (0 .. RpmHdrSize((uint8_t *)h) - 1));
    requires valid_it: \valid(it + (0 .. AL_RPM_SIG_IL_MAX - 1));
    requires sep: \separated(it + (0 .. AL_RPM_SIG_IL_MAX - 1),
                             h + (0 .. RpmHdrSize((uint8_t *)h) - 1));
    assigns it[0 .. AL_RPM_SIG_IL_MAX - 1];
    ensures items: RpmItemsAre((uint8_t *)h, it, RpmIl((uint8_t *)h));
 */
void al_rpm_items(const uint8_t *h, struct al_rpm_item *it);

/* The package prefix at b[0 .. n-1]: AL_RPM_OK exactly when lead,
 * signature header, padding and main header are well formed and inside
 * the n bytes; then *lay says where each is, the payload starting at
 * main_off + main_size, and describes the signature header's entries.
 * Otherwise the first failing rule's code, and for an entry's rule which
 * header (bad_kind) and entry (bad_entry). */
/*@ requires n <= AL_RPM_PREFIX_MAX;
    requires \valid_read(b + (0 .. n - 1));
    requires \valid(lay) && \separated(lay, b + (0 .. n - 1));
    assigns *lay;
    ensures code: \result <= AL_RPM_E_MAX;
    ensures iff_spec: \result == AL_RPM_OK <==> RpmPrefixIn((uint8_t *)b, n);
    ensures layout: \result == AL_RPM_OK ==>
        lay->sig_size == RpmSigSize((uint8_t *)b) &&
        lay->sig_il == RpmIl((uint8_t *)b + 96) &&
        lay->sig_data == 96 + 16 + 16 * lay->sig_il &&
        lay->main_off == RpmMainOff((uint8_t *)b) &&
        lay->main_off + lay->main_size == RpmPayloadOff((uint8_t *)b) &&
        RpmWellFormed((uint8_t *)b, lay->main_off + lay->main_size) &&
        RpmItemsAre((uint8_t *)b + 96, &lay->item[0], lay->sig_il);
 */
uint32_t al_rpm_check(const uint8_t *b, uint32_t n, struct al_rpm_layout *lay);

#endif
