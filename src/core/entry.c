/* entry.c -- the entry header. Proven core (see entry.h). */
#include "entry.h"
#include "le.h"
#include "name.h"

void al_header_decode(const uint8_t *b, struct al_header *h)
{
    h->namelen = al_le32(b);
    h->mode = al_le32(b + 4);
    h->filelen = al_le64(b + 8);
    h->atime = al_le32(b + 16);
    h->atime_nsec = al_le32(b + 20);
    h->mtime = al_le32(b + 24);
    h->mtime_nsec = al_le32(b + 28);
}

/* §7: count one more file of filelen bytes if the limits admit it. The
 * check and the update sit in one function so that Eva, too, sees the sum
 * bounded by the check. */
/*@ requires valid_l: \valid(l);
    requires inv: LimitsInv(l);
    assigns l->files, l->bytes;
    ensures inv: LimitsInv(l);
    behavior admit:
      assumes LimitsAllow(l->files, l->bytes, l->max_files, l->max_bytes, filelen);
      ensures result: \result == AL_OK;
      ensures files: l->files == \old(l->files) + 1;
      ensures bytes: l->bytes == \old(l->bytes) + filelen;
    behavior too_many_files:
      assumes !(l->files + 1 <= l->max_files);
      ensures result: \result == AL_E_FILES;
      ensures unchanged: l->files == \old(l->files) && l->bytes == \old(l->bytes);
    behavior too_many_bytes:
      assumes l->files + 1 <= l->max_files && !(l->bytes + filelen <= l->max_bytes);
      ensures result: \result == AL_E_BYTES;
      ensures unchanged: l->files == \old(l->files) && l->bytes == \old(l->bytes);
    complete behaviors;
    disjoint behaviors;
 */
static uint32_t limits_admit(struct al_limits *l, uint64_t filelen)
{
    if (l->files >= l->max_files)
        return AL_E_FILES;
    /* the subtraction follows LimitsInv's bytes <= max_bytes */
    if (filelen > l->max_bytes - l->bytes)
        return AL_E_BYTES;
    l->files += 1u;
    l->bytes += filelen;
    return AL_OK;
}

/* §3: the name ends with its one NUL and holds no other. */
/*@ requires valid_name: \valid_read(name + (0 .. namelen - 1));
    requires namelen_ok: NamelenOk(namelen);
    assigns \nothing;
    ensures \result == 1 <==> NameTerminated((uint8_t *)name, namelen);
    ensures \result == 0 || \result == 1;
 */
static int name_terminated(const uint8_t *name, uint32_t namelen)
{
    uint32_t i;

    /*@ loop invariant bounds: 0 <= i <= namelen - 1;
        loop invariant seen: \forall integer k; 0 <= k < i ==> name[k] != 0;
        loop assigns i;
        loop variant namelen - 1 - i;
     */
    for (i = 0; i < namelen - 1u; i++) {
        if (name[i] == 0)
            return 0;
    }
    return name[namelen - 1u] == 0;
}

uint32_t al_entry_admit(const uint8_t *h, const uint8_t *name,
                        uint32_t policy, struct al_limits *l)
{
    struct al_header hd;
    uint32_t err = AL_OK;

    al_header_decode(h, &hd);
    if (!name_terminated(name, hd.namelen))
        err = AL_E_NAME_NUL;
    else if (!al_name_allowed(policy, name, hd.namelen - 1u))
        err = AL_E_NAME_POLICY;
    else if (hd.mode < 0100000u || hd.mode > 0107777u)
        err = AL_E_MODE;
    else if (hd.atime_nsec > 999999999u || hd.mtime_nsec > 999999999u)
        err = AL_E_NSEC;
    else {
        /*@ assert well_formed: EntryWellFormed((uint8_t *)h, (uint8_t *)name,
                                                policy); */
        err = limits_admit(l, hd.filelen);
    }
    return err;
}

int al_error_names_entry(uint32_t err)
{
    return (err >= AL_E_NAME_NUL && err <= AL_E_NSEC) ||
           err == AL_E_FILES || err == AL_E_BYTES;
}
