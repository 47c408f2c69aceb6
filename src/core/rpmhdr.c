/* rpmhdr.c -- one RPM header, signature or main (RPM.md §3-§5). Proven
 * core (see rpm.h). Each function checks the rules of one section, in the
 * order of RPM.md §7.1, and answers the first that fails. */
#include "rpm.h"

/* §3.1, §3.5: magic, bounds, and the whole header inside avail. */
/*@ requires kind == AL_RPM_SIG || kind == AL_RPM_MAIN;
    requires 16 <= avail <= AL_RPM_PREFIX_MAX;
    requires \valid_read(h + (0 .. avail - 1));
    assigns \nothing;
    ensures \result <= AL_RPM_E_MAX;
    ensures \result == AL_RPM_OK <==> RpmMagicOk((uint8_t *)h) &&
        RpmBounds((uint8_t *)h, kind) && RpmHdrSize((uint8_t *)h) <= avail;
 */
static uint32_t intro(const uint8_t *h, uint32_t avail, uint32_t kind)
{
    uint64_t il = al_be32(h + 8), dl = al_be32(h + 12);

    if (h[0] != 0x8e || h[1] != 0xad || h[2] != 0xe8 || h[3] != 0x01 ||
        h[4] != 0 || h[5] != 0 || h[6] != 0 || h[7] != 0)
        return AL_RPM_E_MAGIC;
    if (kind == AL_RPM_SIG ? il < 1 || il > AL_RPM_SIG_IL_MAX || dl < 16 ||
                             dl > AL_RPM_SIG_DL_MAX
                           : il < 1 || il > 65535 || dl < 16 ||
                             16 + 16 * il + dl > AL_RPM_HDR_MAX)
        return AL_RPM_E_BOUNDS;
    if (16 + 16 * il + dl > avail)
        return AL_RPM_E_TRUNCATED;
    return AL_RPM_OK;
}

/* §4: entry 0 and the trailer are the region tag r covering everything. */
/*@ requires RpmHdrReadable((uint8_t *)h, il, dl);
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> RpmRegionOk((uint8_t *)h, r);
 */
static int region(const uint8_t *h, uint32_t il, uint32_t dl, uint32_t r)
{
    const uint8_t *t = h + 16 + 16 * il + (dl - 16);

    return al_be32(h + 16) == r && al_be32(h + 20) == 7 &&
           al_be32(h + 24) == dl - 16 && al_be32(h + 28) == 16 &&
           al_be32(t) == r && al_be32(t + 4) == 7 &&
           al_be32(t + 8) == 4294967296u - 16u * il && al_be32(t + 12) == 16;
}

/* §5.2: the allow-list, row by row as in RPM.md. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> RpmSigAllowed(tag, t, c);
 */
static int sig_allowed(uint32_t tag, uint32_t t, uint32_t c)
{
    return ((tag == 267 || tag == 268 || tag == 1002 || tag == 1005 || tag == 1008) && t == 7) ||
           (tag == 1004 && t == 7 && c == 16) ||
           ((tag == 269 || tag == 273) && t == 6 && c == 1) ||
           ((tag == 270 || tag == 271) && t == 5 && c == 1) ||
           ((tag == 1000 || tag == 1007) && t == 4 && c == 1);
}

/* §5.2: a tag on the allow-list, whatever its type (the wrong type or
 * count then gets its own code). */
/*@ assigns \nothing; */
static int sig_listed(uint32_t tag)
{
    return (tag >= 267 && tag <= 273 && tag != 272) ||
           (tag >= 1000 && tag <= 1008 && tag != 1001 && tag != 1003 && tag != 1006);
}

/* §5.2, §5.3, §3.4: a signature-header entry's tag, type and count. */
/*@ requires 1 <= i <= 65535 && \valid_read(h + (0 .. 16 + 16 * i + 15));
    assigns \nothing;
    ensures \result <= AL_RPM_E_MAX;
    ensures \result == AL_RPM_OK <==> RpmSigTagOk((uint8_t *)h, i);
 */
static uint32_t sig_tag(const uint8_t *h, uint32_t i)
{
    const uint8_t *e = h + 16 + 16 * i;
    uint32_t tag = al_be32(e), t = al_be32(e + 4), c = al_be32(e + 12);

    /*@ assert tag == RpmTag((uint8_t *)h, i) && t == RpmType((uint8_t *)h, i) &&
               c == RpmCount((uint8_t *)h, i); */
    if (tag >= 274 && tag <= 277)
        return AL_RPM_E_UNSIGNED;
    if (!sig_allowed(tag, t, c))
        return sig_listed(tag) ? AL_RPM_E_TAG_TYPE : AL_RPM_E_TAG;
    /*@ loop invariant 1 <= k <= i;
        loop invariant \forall integer m; 1 <= m < k ==> RpmTag((uint8_t *)h, m) != tag;
        loop assigns k;
        loop variant i - k;
     */
    for (uint32_t k = 1; k < i; k++) {
        uint32_t other = al_be32(h + 16 + 16 * k);

        /*@ assert other == RpmTag((uint8_t *)h, k); */
        if (other == tag) {
            /*@ assert !RpmNoRepeat((uint8_t *)h, i); */
            return AL_RPM_E_REPEAT;
        }
    }
    /*@ assert RpmNoRepeat((uint8_t *)h, i); */
    return AL_RPM_OK;
}

/* §3.4, §3.2, §6.1: a main-header entry's tag order and type. */
/*@ requires 1 <= i <= 65535 && \valid_read(h + (0 .. 16 + 16 * i + 15));
    assigns \nothing;
    ensures \result <= AL_RPM_E_MAX;
    ensures \result == AL_RPM_OK <==> RpmMainTagOk((uint8_t *)h, i);
 */
static uint32_t main_tag(const uint8_t *h, uint32_t i)
{
    const uint8_t *e = h + 16 + 16 * i;
    uint32_t tag = al_be32(e), t = al_be32(e + 4);

    if (tag < 100 || tag > 2147483647u || (i >= 2 && al_be32(e - 16) >= tag))
        return AL_RPM_E_ORDER;
    if (t < 1 || t > 9)
        return AL_RPM_E_TYPE;
    if ((tag == 5092 && t != 8) || (tag == 5093 && t != 4))
        return AL_RPM_E_KNOWN;
    return AL_RPM_OK;
}

/* §3.2: count at least 1, a STRING's exactly 1, at most 0xFFFFF but BIN. */
/*@ assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> RpmCountOk(t, c);
 */
static int count_ok(uint32_t t, uint32_t c)
{
    return c >= 1 && (t != 6 || c == 1) && (t == 7 || c <= 1048575);
}

/* Entry i, its data following entry i-1's, which ended at e. */
/*@ requires kind == AL_RPM_SIG || kind == AL_RPM_MAIN;
    requires RpmHdrReadable((uint8_t *)h, il, dl);
    requires 1 <= i < il;
    requires e <= dl - 16;
    requires \valid(end) && \separated(end, h + (0 .. 16 + 16 * il + dl - 1));
    assigns *end;
    ensures \result <= AL_RPM_E_MAX;
    ensures \result == AL_RPM_OK <==> RpmTagOk((uint8_t *)h, kind, i) &&
        RpmCountOk(RpmType((uint8_t *)h, i), RpmCount((uint8_t *)h, i)) &&
        RpmPlacedAt((uint8_t *)h, i, e);
    ensures \result == AL_RPM_OK ==> *end == RpmEntEnd((uint8_t *)h, i) && *end <= dl - 16;
 */
static uint32_t entry(const uint8_t *h, uint32_t il, uint32_t dl, uint32_t kind, uint32_t i,
                      uint32_t e, uint32_t *end)
{
    uint32_t r = kind == AL_RPM_SIG ? sig_tag(h, i) : main_tag(h, i);
    uint32_t t = al_be32(h + 16 + 16 * i + 4), c = al_be32(h + 16 + 16 * i + 12);

    /*@ assert t == RpmType((uint8_t *)h, i) && c == RpmCount((uint8_t *)h, i); */
    /*@ assert r == AL_RPM_OK <==> RpmTagOk((uint8_t *)h, kind, i); */
    if (r != AL_RPM_OK)
        return r;
    if (!count_ok(t, c))
        return AL_RPM_E_COUNT;
    if (!al_rpm_placed(h, il, dl, i, e, end))
        return AL_RPM_E_PLACE;
    return AL_RPM_OK;
}

uint32_t al_rpm_header(const uint8_t *h, uint32_t avail, uint32_t kind, uint32_t *bad)
{
    uint32_t r = intro(h, avail, kind), il, dl, e = 0, next = 0;

    *bad = 0;
    if (r != AL_RPM_OK)
        return r;
    il = al_be32(h + 8);
    dl = al_be32(h + 12);
    if (!region(h, il, dl, kind == AL_RPM_SIG ? 62 : 63))
        return AL_RPM_E_REGION;
    /*@ loop invariant 1 <= i <= il;
        loop invariant e == RpmPrevEnd((uint8_t *)h, i) && e <= dl - 16;
        loop invariant \forall integer k; 1 <= k < i ==> RpmEntryOk((uint8_t *)h, kind, k);
        loop assigns i, e, next, r, *bad;
        loop variant il - i;
     */
    for (uint32_t i = 1; i < il; i++) {
        r = entry(h, il, dl, kind, i, e, &next);
        if (r != AL_RPM_OK) {
            *bad = i;
            return r;
        }
        /*@ assert RpmEntryOk((uint8_t *)h, kind, i); */
        /*@ assert next == RpmPrevEnd((uint8_t *)h, i + 1); */
        e = next;
    }
    return e == dl - 16 ? AL_RPM_OK : AL_RPM_E_UNOWNED;
}

void al_rpm_items(const uint8_t *h, struct al_rpm_item *it)
{
    uint32_t il = al_be32(h + 8), dl = al_be32(h + 12), e = 0, next = 0;

    /*@ assert il == RpmIl((uint8_t *)h) && dl == RpmDl((uint8_t *)h); */
    /*@ loop invariant 1 <= i <= il;
        loop invariant e == RpmPrevEnd((uint8_t *)h, i) && e <= dl - 16;
        loop invariant RpmItemsAre((uint8_t *)h, it, i);
        loop assigns i, e, next, it[0 .. AL_RPM_SIG_IL_MAX - 1];
        loop variant il - i;
     */
    for (uint32_t i = 1; i < il; i++) {
        /*@ assert RpmEntryOk((uint8_t *)h, AL_RPM_SIG, i); */
        int placed = al_rpm_placed(h, il, dl, i, e, &next);

        /*@ assert placed == 1; */
        (void)placed;
        it[i].tag = al_be32(h + 16 + 16 * i);
        it[i].type = al_be32(h + 20 + 16 * i);
        it[i].start = al_be32(h + 24 + 16 * i);
        it[i].count = al_be32(h + 28 + 16 * i);
        it[i].end = next;
        e = next;
    }
}
