/* rpm.c -- the package prefix: lead, signature header, padding, main
 * header (RPM.md §1, §2, §5.1). Proven core (see rpm.h). */
#include "rpm.h"

/* §2: the lead's magic, then its major version and signature type. */
/*@ requires \valid_read(b + (0 .. AL_RPM_LEAD - 1));
    assigns \nothing;
    ensures \result == AL_RPM_OK || \result == AL_RPM_E_NOT_RPM || \result == AL_RPM_E_LEAD;
    ensures \result == AL_RPM_OK <==> RpmLeadOk((uint8_t *)b);
 */
static uint32_t lead(const uint8_t *b)
{
    if (b[0] != 0xed || b[1] != 0xab || b[2] != 0xee || b[3] != 0xdb)
        return AL_RPM_E_NOT_RPM;
    if ((b[4] != 3 && b[4] != 4) || al_be16(b + 78) != 5)
        return AL_RPM_E_LEAD;
    return AL_RPM_OK;
}

/* §1, §2: a lead inside the n bytes, and room for a header's intro
 * after it. */
/*@ requires \valid_read(b + (0 .. n - 1));
    assigns \nothing;
    ensures \result <= AL_RPM_E_MAX;
    ensures \result == AL_RPM_OK <==> (n >= AL_RPM_LEAD + 16 && RpmLeadOk((uint8_t *)b));
 */
static uint32_t start(const uint8_t *b, uint32_t n)
{
    uint32_t r;

    if (n < AL_RPM_LEAD)
        return AL_RPM_E_NOT_RPM;
    r = lead(b);
    if (r != AL_RPM_OK)
        return r;
    if (n < AL_RPM_LEAD + 16)
        return AL_RPM_E_TRUNCATED;
    return AL_RPM_OK;
}

/* §3: a header's il and dl, as RpmIl and RpmDl read them. */
/*@ requires \valid_read(h + (0 .. 15));
    assigns \nothing;
    ensures \result == RpmIl((uint8_t *)h);
 */
static uint32_t hdr_il(const uint8_t *h)
{
    return al_be32(h + 8);
}

/*@ requires \valid_read(h + (0 .. 15));
    assigns \nothing;
    ensures \result == RpmDl((uint8_t *)h);
 */
static uint32_t hdr_dl(const uint8_t *h)
{
    return al_be32(h + 12);
}

/* §3: the size of the main header at h, known to be within bounds. */
/*@ requires \valid_read(h + (0 .. 15)) && RpmMainBounds((uint8_t *)h);
    assigns \nothing;
    ensures \result == RpmHdrSize((uint8_t *)h);
 */
static uint32_t main_size(const uint8_t *h)
{
    return 16 + 16 * hdr_il(h) + hdr_dl(h);
}

/* Lemmas (no code): the bounds a good header of each kind has. */
/*@ requires RpmHdrOk((uint8_t *)h, AL_RPM_SIG);
    assigns \nothing;
    ensures RpmSigBounds((uint8_t *)h);
 */
static void sig_bounds(const uint8_t *h)
{
    (void)h;
}

/*@ requires RpmHdrOk((uint8_t *)h, AL_RPM_MAIN);
    assigns \nothing;
    ensures RpmMainBounds((uint8_t *)h);
 */
static void main_bounds(const uint8_t *h)
{
    (void)h;
}

/* Lemma (no code): the checks made, read as RpmPrefixIn. Stated apart so
 * that the provers see only these facts. */
/*@ requires m == RpmMainOff((uint8_t *)b);
    requires n >= 112 && RpmLeadOk((uint8_t *)b);
    requires RpmHdrOk((uint8_t *)b + 96, 0) && 96 + RpmSigSize((uint8_t *)b) <= n;
    requires m + 16 <= n && RpmHdrOk((uint8_t *)b + m, 1);
    requires m + RpmHdrSize((uint8_t *)b + m) <= n;
    assigns \nothing;
    ensures RpmPrefixIn((uint8_t *)b, n);
 */
static void prefix_in(const uint8_t *b, uint32_t n, uint32_t m)
{
    (void)b, (void)n, (void)m;
}

/* Lemma (no code): a prefix inside n bytes is one exactly up to where the
 * payload starts. */
/*@ requires RpmPrefixIn((uint8_t *)b, n);
    requires m == RpmMainOff((uint8_t *)b) && hs == RpmHdrSize((uint8_t *)b + m);
    assigns \nothing;
    ensures RpmPayloadOff((uint8_t *)b) == m + hs;
    ensures RpmWellFormed((uint8_t *)b, m + hs);
 */
static void prefix_end(const uint8_t *b, uint32_t n, uint32_t m, uint32_t hs)
{
    (void)b, (void)n, (void)m, (void)hs;
}

/* Lemma (no code): a main header that fails its checks fails the prefix. */
/*@ requires m == RpmMainOff((uint8_t *)b);
    requires !(RpmHdrOk((uint8_t *)b + m, 1) && m + RpmHdrSize((uint8_t *)b + m) <= n);
    assigns \nothing;
    ensures !RpmPrefixIn((uint8_t *)b, n);
 */
static void no_prefix(const uint8_t *b, uint32_t n, uint32_t m)
{
    (void)b, (void)n, (void)m;
}

uint32_t al_rpm_check(const uint8_t *b, uint32_t n, struct al_rpm_layout *lay)
{
    uint32_t r, il, s, m;

    lay->bad_kind = AL_RPM_SIG;
    lay->bad_entry = 0;
    r = start(b, n);
    if (r != AL_RPM_OK)
        return r;
    r = al_rpm_header(b + AL_RPM_LEAD, n - AL_RPM_LEAD, AL_RPM_SIG, &lay->bad_entry);
    if (r != AL_RPM_OK)
        return r;
    sig_bounds(b + AL_RPM_LEAD);
    il = hdr_il(b + AL_RPM_LEAD);
    s = 16 + 16 * il + hdr_dl(b + AL_RPM_LEAD);
    /*@ assert s == RpmSigSize((uint8_t *)b) && s <= n - 96; */
    m = AL_RPM_LEAD + s + (8 - s % 8) % 8;
    /*@ assert m == RpmMainOff((uint8_t *)b); */
    if (m > n || n - m < 16)
        return AL_RPM_E_TRUNCATED;
    lay->bad_kind = AL_RPM_MAIN;
    r = al_rpm_header(b + m, n - m, AL_RPM_MAIN, &lay->bad_entry);
    if (r != AL_RPM_OK) {
        no_prefix(b, n, m);
        return r;
    }
    main_bounds(b + m);
    /*@ assert RpmHdrSize((uint8_t *)b + m) <= n - m; */
    prefix_in(b, n, m);
    lay->sig_size = s;
    lay->sig_il = il;
    lay->sig_data = AL_RPM_LEAD + 16 + 16 * il;
    lay->main_off = m;
    lay->main_size = main_size(b + m);
    lay->bad_kind = 0;
    prefix_end(b, n, m, lay->main_size);
    al_rpm_items(b + AL_RPM_LEAD, lay->item);
    return AL_RPM_OK;
}
