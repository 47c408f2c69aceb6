/* entry.h -- the entry header (FORMAT.md §2-§7, §9). Proven core.
 *
 * Decoding of the 32-byte header, limit accounting, and the per-entry
 * acceptance check that the parser applies once an entry's header and name
 * are complete.
 */
#ifndef AIRLOCK_ENTRY_H
#define AIRLOCK_ENTRY_H

#include "qfile.h"

/* §2: the decoded fields of one entry header. */
struct al_header {
    uint32_t namelen;
    uint32_t mode;
    uint64_t filelen;
    uint32_t atime;
    uint32_t atime_nsec;
    uint32_t mtime;
    uint32_t mtime_nsec;
};

/* §7: the limits and the totals of the entries accepted so far. */
struct al_limits {
    uint64_t max_files;
    uint64_t max_bytes;
    uint64_t files;
    uint64_t bytes;
};

/*@ predicate LimitsInv(struct al_limits *l) =
        l->files <= l->max_files && l->bytes <= l->max_bytes;
 */

/* Decode the 32 header bytes at b into *h (§2).
 * Requires: the 32 bytes are readable, *h is writable and apart from them. */
/*@ requires valid_bytes: \valid_read(b + (0 .. 31));
    requires valid_out: \valid(h);
    assigns *h;
    ensures namelen: h->namelen == HdrNamelen((uint8_t *)b);
    ensures mode: h->mode == HdrMode((uint8_t *)b);
    ensures filelen: h->filelen == HdrFilelen((uint8_t *)b);
    ensures atime: h->atime == HdrAtime((uint8_t *)b);
    ensures atime_nsec: h->atime_nsec == HdrAtimeNsec((uint8_t *)b);
    ensures mtime: h->mtime == HdrMtime((uint8_t *)b);
    ensures mtime_nsec: h->mtime_nsec == HdrMtimeNsec((uint8_t *)b);
 */
void al_header_decode(const uint8_t *b, struct al_header *h);

/* Admit one complete entry: header bytes h, name bytes name (namelen of
 * them, the NUL included), checked against §3, §5, §6, §8 and the limits
 * of §7; when it is accepted (§9), count it in the totals of *l.
 * Answers AL_OK exactly for the entries §9 accepts, else the code of the
 * first rule broken, in the order of §9 (EntryErrorIs: §3, §8, §5, §6,
 * §7 files then bytes), leaving *l as it was.
 * Requires: the 32 header bytes readable; namelen within the framing bound
 * (the parser checks it before reading the name); the namelen name bytes
 * readable; a known policy; *l writable, with totals within its limits,
 * and apart from the bytes. */
/*@ requires valid_hdr: \valid_read(h + (0 .. 31));
    requires namelen_ok: NamelenOk(HdrNamelen((uint8_t *)h));
    requires valid_name: \valid_read(name + (0 .. HdrNamelen((uint8_t *)h) - 1));
    requires policy: policy == AL_NAMES_RPM || policy == AL_NAMES_PORTABLE;
    requires valid_l: \valid(l);
    requires inv: LimitsInv(l);
    requires sep: \separated(l, h + (0 .. 31),
                              name + (0 .. HdrNamelen((uint8_t *)h) - 1));
    assigns l->files, l->bytes;
    ensures inv: LimitsInv(l);
    ensures order: EntryErrorIs((uint8_t *)h, (uint8_t *)name, policy,
                                \old(l->files), \old(l->bytes),
                                l->max_files, l->max_bytes, \result);
    behavior accept:
      assumes EntryOk((uint8_t *)h, (uint8_t *)name, policy,
                      l->files, l->bytes, l->max_files, l->max_bytes);
      ensures result: \result == AL_OK;
      ensures files: l->files == \old(l->files) + 1;
      ensures bytes: l->bytes == \old(l->bytes) + HdrFilelen((uint8_t *)h);
    behavior reject:
      assumes !EntryOk((uint8_t *)h, (uint8_t *)name, policy,
                       l->files, l->bytes, l->max_files, l->max_bytes);
      ensures result: IsError(\result);
      ensures limit_only: \result == AL_E_FILES || \result == AL_E_BYTES ==>
              EntryWellFormed((uint8_t *)h, (uint8_t *)name, policy);
      ensures unchanged: l->files == \old(l->files) && l->bytes == \old(l->bytes);
    complete behaviors;
    disjoint behaviors;
 */
uint32_t al_entry_admit(const uint8_t *h, const uint8_t *name,
                        uint32_t policy, struct al_limits *l);

/* Whether the result for error code err names the failing entry (§10):
 * the codes of the rules checked once the entry's name is read (§3 NUL,
 * §8, §5, §6, §7), as opposed to those about a header (§3 namelen, §4),
 * the end of the stream (§4) or the result (§10). Any err is allowed. */
/*@ assigns \nothing;
    ensures names: \result == 1 <==> ErrorNamesEntry(err);
    ensures bool: \result == 0 || \result == 1;
 */
int al_error_names_entry(uint32_t err);

#endif
