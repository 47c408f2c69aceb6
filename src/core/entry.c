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

uint32_t al_limits_check(const struct al_limits *l, uint64_t filelen)
{
    /* Subtractions after the ordering facts of LimitsInv: no wrap-around. */
    if (l->max_files - l->files < 1u)
        return AL_E_FILES;
    if (l->max_bytes - l->bytes < filelen)
        return AL_E_BYTES;
    return AL_OK;
}

void al_limits_commit(struct al_limits *l, uint64_t filelen)
{
    l->files += 1u;
    l->bytes += filelen;
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

uint32_t al_entry_check(const uint8_t *h, const uint8_t *name,
                        uint32_t policy, const struct al_limits *l)
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
    else
        err = al_limits_check(l, hd.filelen);
    return err;
}
