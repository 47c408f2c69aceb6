/* rpmdata.c -- where an entry's data lie in the data store (RPM.md §3.2,
 * §3.3). Proven core (see rpm.h). */
#include "rpm.h"

/* The end of data of type t and count c at off, within d[0 .. lim-1];
 * -1 when it does not fit. */
/*@ requires \valid_read(d + (0 .. lim - 1));
    requires c >= 1;
    assigns \nothing;
    ensures spec: \result == RpmDataEnd((uint8_t *)d, t, off, c, lim);
    ensures bound: \result == -1 || (off <= \result <= lim);
 */
static int64_t data_end(const uint8_t *d, uint32_t t, uint32_t off, uint32_t c, uint32_t lim)
{
    uint64_t w = t == 3 ? 2 : t == 4 ? 4 : t == 5 ? 8 : 1, x;

    if (t == 6 || t == 8 || t == 9)
        return al_rpm_strs_end(d, off, c, lim);
    x = off + (uint64_t)c * w;
    return x <= lim ? (int64_t)x : -1;
}

int al_rpm_placed(const uint8_t *h, uint32_t il, uint32_t dl, uint32_t i, uint32_t e,
                  uint32_t *end)
{
    const uint8_t *d = h + 16 + 16 * il, *ent = h + 16 + 16 * i;
    uint32_t t = al_be32(ent + 4), off = al_be32(ent + 8), c = al_be32(ent + 12);
    uint32_t a = t == 3 ? 2 : t == 4 ? 4 : t == 5 ? 8 : 1;
    int64_t x;

    /*@ assert fields: t == RpmType((uint8_t *)h, i) && off == RpmOff((uint8_t *)h, i) &&
                       c == RpmCount((uint8_t *)h, i) && a == RpmAlign(t); */
    /*@ assert store: d == RpmData((uint8_t *)h) && dl - 16 == RpmLimit((uint8_t *)h); */
    if (off % a != 0 || off < e || off - e >= a)
        return 0;
    /*@ loop invariant e <= k <= off;
        loop invariant \forall integer m; e <= m < k ==> d[m] == 0;
        loop assigns k;
        loop variant off - k;
     */
    for (uint32_t k = e; k < off; k++) {
        if (d[k] != 0)
            return 0;
    }
    x = data_end(d, t, off, c, dl - 16);
    /*@ assert x == RpmEntEnd((uint8_t *)h, i); */
    if (x < 0)
        return 0;
    *end = (uint32_t)x;
    return 1;
}
