/* name.c -- the name policies of FORMAT.md §8. Proven core (see name.h). */
#include "name.h"

/*@ assigns \nothing;
    ensures \result == 1 <==> IsAlnum(c);
    ensures \result == 0 || \result == 1;
 */
static int is_alnum(uint8_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

/*@ assigns \nothing;
    ensures \result == 1 <==> IsRpmChar(c);
    ensures \result == 0 || \result == 1;
 */
static int is_rpm_char(uint8_t c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '+' || c == '^' ||
           c == '~' || c == '-';
}

int al_name_rpm(const uint8_t *name, uint32_t len)
{
    int ok = 0;
    uint32_t i;

    if (len < 5u || len > 260u || !is_alnum(name[0]))
        goto out;
    /*@ loop invariant bounds: 1 <= i <= len - 4;
        loop invariant seen: \forall integer k; 1 <= k < i ==> IsRpmChar(name[k]);
        loop assigns i;
        loop variant len - 4 - i;
     */
    for (i = 1; i < len - 4u; i++) {
        if (!is_rpm_char(name[i])) {
            /*@ assert !IsRpmChar(name[i]); */
            goto out;
        }
    }
    ok = name[len - 4u] == '.' && name[len - 3u] == 'r' &&
         name[len - 2u] == 'p' && name[len - 1u] == 'm';
out:
    return ok;
}

int al_name_portable(const uint8_t *name, uint32_t len)
{
    int ok = 0;
    uint32_t i;

    if (len < 1u || len > 255u)
        goto out;
    /*@ loop invariant bounds: 0 <= i <= len;
        loop invariant seen: \forall integer k; 0 <= k < i ==> IsPortableChar(name[k]);
        loop assigns i;
        loop variant len - i;
     */
    for (i = 0; i < len; i++) {
        if (name[i] < 0x20u || name[i] > 0x7eu || name[i] == '/') {
            /*@ assert !IsPortableChar(name[i]); */
            goto out;
        }
    }
    if (name[0] == '.' && (len == 1u || (len == 2u && name[1] == '.')))
        goto out;
    ok = 1;
out:
    return ok;
}

int al_name_allowed(uint32_t policy, const uint8_t *name, uint32_t len)
{
    if (policy == AL_NAMES_RPM)
        return al_name_rpm(name, len);
    return al_name_portable(name, len);
}
