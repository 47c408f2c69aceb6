/* rpmcanon.c -- the canonical signature header (RPM.md §8). Proven core
 * (see rpmcanon.h).
 *
 * The layout is fixed by the lengths alone (RpmCanon* in spec/rpm.acsl):
 * the code first checks the inputs, then writes the intro, the index and
 * the data store, each by a function whose contract states exactly the
 * bytes it writes and which frames the rest, and finally calls code-less
 * lemma functions that read those facts as RpmHdrOk, so that the provers
 * see one entry's rules at a time.
 */
#include "rpmcanon.h"

#define WIDE_MIN 4294967296u   /* from 2^32 on, the size is an INT64 (270) */

/* §8: the 64 digest bytes are lowercase hex digits (none is a NUL). */
/*@ requires \valid_read(x + (0 .. 63));
    assigns \nothing;
    ensures \result == 0 || \result == 1;
    ensures \result == 1 <==> RpmHexDigits((uint8_t *)x, 64);
 */
static int hex_ok(const uint8_t *x)
{
    /*@ loop invariant 0 <= k <= 64;
        loop invariant RpmHexDigits((uint8_t *)x, k);
        loop assigns k;
        loop variant 64 - k;
     */
    for (uint32_t k = 0; k < 64; k++) {
        if (!((x[k] >= '0' && x[k] <= '9') || (x[k] >= 'a' && x[k] <= 'f'))) {
            /*@ assert !(48 <= x[k] <= 57 || 97 <= x[k] <= 102); */
            return 0;
        }
    }
    return 1;
}

/* §8: data-store offsets of the size item and the digest, and where the
 * items end, as RpmCanonOffSize, RpmCanonOffDigest, RpmCanonEnd. */
/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX;
    assigns \nothing;
    ensures \result == RpmCanonOffSize(a, b, s) && a + b <= \result <= a + b + 72;
 */
static uint32_t off_size(uint32_t a, uint32_t b, uint64_t s)
{
    uint32_t l = a + b;

    return s >= WIDE_MIN ? l + (8 - l % 8) % 8 : l + 65 + (4 - (l + 65) % 4) % 4;
}

/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX;
    assigns \nothing;
    ensures \result == RpmCanonOffDigest(a, b, s) && a + b <= \result <= a + b + 15;
 */
static uint32_t off_digest(uint32_t a, uint32_t b, uint64_t s)
{
    return s >= WIDE_MIN ? off_size(a, b, s) + 8 : a + b;
}

/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX;
    assigns \nothing;
    ensures \result == RpmCanonEnd(a, b, s) && a + b <= \result <= a + b + 80;
 */
static uint32_t canon_end(uint32_t a, uint32_t b, uint64_t s)
{
    return s >= WIDE_MIN ? off_digest(a, b, s) + 65 : off_size(a, b, s) + 4;
}

/* Bytes: p[0 .. n-1] become src's, or zero. */
/*@ requires \valid(p + (0 .. n - 1)) && \valid_read(src + (0 .. n - 1));
    requires \separated(p + (0 .. n - 1), src + (0 .. n - 1));
    assigns p[0 .. n - 1];
    ensures \forall integer k; 0 <= k < n ==> p[k] == src[k];
 */
static void copy(uint8_t *p, const uint8_t *src, uint32_t n)
{
    /*@ loop invariant 0 <= k <= n;
        loop invariant \forall integer m; 0 <= m < k ==> p[m] == src[m];
        loop assigns k, p[0 .. n - 1];
        loop variant n - k;
     */
    for (uint32_t k = 0; k < n; k++)
        p[k] = src[k];
}

/* §1: v big-endian at p[0 .. 3], stated byte by byte (RpmBytesBe32). */
/*@ requires \valid(p + (0 .. 3));
    assigns p[0 .. 3];
    ensures RpmBytesBe32(p, v);
 */
static void put32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v / 16777216u);
    p[1] = (uint8_t)(v / 65536u % 256u);
    p[2] = (uint8_t)(v / 256u % 256u);
    p[3] = (uint8_t)(v % 256u);
}

/* Lemma (no code): those bytes read back as RpmBe32. */
/*@ requires RpmBytesBe32(p, v);
    assigns \nothing;
    ensures RpmBe32(p) == v;
 */
static void be32_is(uint8_t *p, uint32_t v)
{
    /*@ assert v / 16777216 < 256; */
    /*@ assert v == ((v / 16777216 * 256 + v / 65536 % 256) * 256 + v / 256 % 256) * 256 +
                    v % 256; */
    (void)p, (void)v;
}

/* §3: one 16-byte index entry (or trailer) at e. */
/*@ requires \valid(e + (0 .. 15));
    assigns e[0 .. 15];
    ensures RpmEntryBytes(e, tag, type, off, count);
 */
static void put_entry(uint8_t *e, uint32_t tag, uint32_t type, uint32_t off, uint32_t count)
{
    put32(e, tag);
    put32(e + 4, type);
    put32(e + 8, off);
    put32(e + 12, count);
}

/* Lemma (no code): an entry's bytes read back as its four fields. */
/*@ requires RpmEntryBytes(e, tag, type, off, count);
    assigns \nothing;
    ensures RpmBe32(e) == tag && RpmBe32(e + 4) == type;
    ensures RpmBe32(e + 8) == off && RpmBe32(e + 12) == count;
 */
static void entry_is(uint8_t *e, uint32_t tag, uint32_t type, uint32_t off, uint32_t count)
{
    be32_is(e, tag);
    be32_is(e + 4, type);
    be32_is(e + 8, off);
    be32_is(e + 12, count);
}

/* §3.1: magic and reserved bytes. (A call of its own: facts from a
 * call's contract are what the later calls' frames carry best.) */
/*@ requires \valid(out + (0 .. 7));
    assigns out[0 .. 7];
    ensures RpmMagicOk(out);
 */
static void put_magic(uint8_t *out)
{
    out[0] = 0x8e;
    out[1] = 0xad;
    out[2] = 0xe8;
    out[3] = 0x01;
    out[4] = 0;
    out[5] = 0;
    out[6] = 0;
    out[7] = 0;
}

/* §3.1, §4: magic, il, dl and the region entry (62, BIN, dl-16, 16). */
/*@ requires \valid(out + (0 .. 31)) && dl >= 16;
    assigns out[0 .. 31];
    ensures RpmMagicOk(out) && RpmBytesBe32(out + 8, il) && RpmBytesBe32(out + 12, dl);
    ensures RpmEntryBytes(out + 16, 62, 7, dl - 16, 16);
 */
static void put_intro(uint8_t *out, uint32_t il, uint32_t dl)
{
    put_magic(out);
    put32(out + 8, il);
    /*@ assert out[0] == 0x8e && out[1] == 0xad && out[2] == 0xe8 && out[3] == 0x01 &&
               out[4] == 0 && out[5] == 0 && out[6] == 0 && out[7] == 0; */
    put32(out + 12, dl);
    /*@ assert out[0] == 0x8e && out[1] == 0xad && out[2] == 0xe8 && out[3] == 0x01 &&
               out[4] == 0 && out[5] == 0 && out[6] == 0 && out[7] == 0; */
    /*@ assert RpmBytesBe32(out + 8, il); */
    put_entry(out + 16, 62, 7, dl - 16, 16);
}

/* §8: the index entries of the kept signatures, 1 .. n. */
/*@ requires (a > 0 || b > 0) && n == (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0);
    requires \valid(out + (32 .. 31 + 16 * n));
    assigns out[32 .. 31 + 16 * n];
    ensures a > 0 ==> RpmEntryBytes(out + 32, 267, 7, 0, a);
    ensures b > 0 ==> RpmEntryBytes(out + 16 + 16 * n, 268, 7, a, b);
 */
static void put_sig_items(uint8_t *out, uint32_t a, uint32_t b, uint32_t n)
{
    if (a > 0)
        put_entry(out + 32, 267, 7, 0, a);
    if (b > 0)
        put_entry(out + 16 + 16 * n, 268, 7, a, b);
}

/* §8: the index entries i and i+1 of the size and the digest. */
/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX && 2 <= i <= 3;
    requires \valid(out + (16 + 16 * i .. 47 + 16 * i));
    assigns out[16 + 16 * i .. 47 + 16 * i];
    ensures RpmCanonWide(s) ==>
        RpmEntryBytes(out + 16 + 16 * i, 270, 5, RpmCanonOffSize(a, b, s), 1) &&
        RpmEntryBytes(out + 32 + 16 * i, 273, 6, RpmCanonOffDigest(a, b, s), 1);
    ensures !RpmCanonWide(s) ==>
        RpmEntryBytes(out + 16 + 16 * i, 273, 6, RpmCanonOffDigest(a, b, s), 1) &&
        RpmEntryBytes(out + 32 + 16 * i, 1000, 4, RpmCanonOffSize(a, b, s), 1);
 */
static void put_rest_items(uint8_t *out, uint32_t a, uint32_t b, uint64_t s, uint32_t i)
{
    uint32_t os = off_size(a, b, s), od = off_digest(a, b, s);

    /* Stepping stones: the first entry's bytes, restated after the second
     * call, in the callee's form. */
    if (s >= WIDE_MIN) {
        put_entry(out + 16 + 16 * i, 270, 5, os, 1);
        put_entry(out + 32 + 16 * i, 273, 6, od, 1);
        /*@ assert RpmEntryBytes(out + 16 + 16 * i, 270, 5, os, 1); */
    } else {
        put_entry(out + 16 + 16 * i, 273, 6, od, 1);
        put_entry(out + 32 + 16 * i, 1000, 4, os, 1);
        /*@ assert RpmEntryBytes(out + 16 + 16 * i, 273, 6, od, 1); */
    }
}

/* Lemma (no code): the magic bytes as RpmMagicOk. */
/*@ requires out[0] == 0x8e && out[1] == 0xad && out[2] == 0xe8 && out[3] == 0x01 &&
             out[4] == 0 && out[5] == 0 && out[6] == 0 && out[7] == 0;
    assigns \nothing;
    ensures RpmMagicOk(out);
 */
static void magic_is(uint8_t *out)
{
    (void)out;
}

/* Lemmas (no code): an entry's bytes as its four words, and back. */
/*@ requires on != 0 ==> RpmEntryBytes(e, tag, t, off, c);
    assigns \nothing;
    ensures on != 0 ==> RpmBytesBe32(e, tag) && RpmBytesBe32(e + 4, t) &&
                        RpmBytesBe32(e + 8, off) && RpmBytesBe32(e + 12, c);
 */
static void entry_words(int on, uint8_t *e, uint32_t tag, uint32_t t, uint32_t off, uint32_t c)
{
    (void)on, (void)e, (void)tag, (void)t, (void)off, (void)c;
}

/*@ requires RpmBytesBe32(e, tag) && RpmBytesBe32(e + 4, t) && RpmBytesBe32(e + 8, off) &&
             RpmBytesBe32(e + 12, c);
    assigns \nothing;
    ensures RpmEntryBytes(e, tag, t, off, c);
 */
static void words_entry(uint8_t *e, uint32_t tag, uint32_t t, uint32_t off, uint32_t c)
{
    (void)e, (void)tag, (void)t, (void)off, (void)c;
}

/* §3, §4, §8: the intro and the whole index, in the writers' form, each
 * entry as its four words (n = il - 3, the number of signatures): 4-byte
 * facts cross later writes, 16-byte ones do not. */
/*@ requires (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires n == RpmCanonIl(a, b) - 3;
    requires \valid(out + (0 .. 63 + 16 * n));
    assigns out[0 .. 63 + 16 * n];
    ensures magic: RpmMagicOk(out);
    ensures il: RpmBytesBe32(out + 8, n + 3);
    ensures dl: RpmBytesBe32(out + 12, RpmCanonEnd(a, b, s) + 16);
    ensures region: RpmBytesBe32(out + 16, 62) && RpmBytesBe32(out + 20, 7) &&
        RpmBytesBe32(out + 24, RpmCanonEnd(a, b, s)) && RpmBytesBe32(out + 28, 16);
    ensures dsa: a > 0 ==> RpmBytesBe32(out + 32, 267) && RpmBytesBe32(out + 36, 7) &&
        RpmBytesBe32(out + 40, 0) && RpmBytesBe32(out + 44, a);
    ensures rsa: b > 0 ==> RpmBytesBe32(out + 16 + 16 * n, 268) &&
        RpmBytesBe32(out + 20 + 16 * n, 7) &&
        RpmBytesBe32(out + 24 + 16 * n, a) && RpmBytesBe32(out + 28 + 16 * n, b);
    ensures wide1: RpmCanonWide(s) ==> RpmBytesBe32(out + 32 + 16 * n, 270) &&
        RpmBytesBe32(out + 36 + 16 * n, 5) &&
        RpmBytesBe32(out + 40 + 16 * n, RpmCanonOffSize(a, b, s)) &&
        RpmBytesBe32(out + 44 + 16 * n, 1);
    ensures wide2: RpmCanonWide(s) ==> RpmBytesBe32(out + 48 + 16 * n, 273) &&
        RpmBytesBe32(out + 52 + 16 * n, 6) &&
        RpmBytesBe32(out + 56 + 16 * n, RpmCanonOffDigest(a, b, s)) &&
        RpmBytesBe32(out + 60 + 16 * n, 1);
    ensures narrow1: !RpmCanonWide(s) ==> RpmBytesBe32(out + 32 + 16 * n, 273) &&
        RpmBytesBe32(out + 36 + 16 * n, 6) &&
        RpmBytesBe32(out + 40 + 16 * n, RpmCanonOffDigest(a, b, s)) &&
        RpmBytesBe32(out + 44 + 16 * n, 1);
    ensures narrow2: !RpmCanonWide(s) ==> RpmBytesBe32(out + 48 + 16 * n, 1000) &&
        RpmBytesBe32(out + 52 + 16 * n, 4) &&
        RpmBytesBe32(out + 56 + 16 * n, RpmCanonOffSize(a, b, s)) &&
        RpmBytesBe32(out + 60 + 16 * n, 1);
 */
static void put_index(uint8_t *out, uint32_t a, uint32_t b, uint64_t s, uint32_t n)
{
    uint32_t end = canon_end(a, b, s), os = off_size(a, b, s), od = off_digest(a, b, s);

    /*@ assert n == (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0); */
    /* Each entry as words right after its writer (a condition instead of
     * a branch: one path, not 8, for every goal below). */
    put_intro(out, n + 3, end + 16);
    entry_words(1, out + 16, 62, 7, end, 16);
    put_sig_items(out, a, b, n);
    entry_words(a > 0, out + 32, 267, 7, 0, a);
    entry_words(b > 0, out + 16 + 16 * n, 268, 7, a, b);
    /* Stepping stones: what the earlier calls wrote, restated after the
     * last one. */
    /*@ assert out[0] == 0x8e && out[1] == 0xad && out[2] == 0xe8 && out[3] == 0x01 &&
               out[4] == 0 && out[5] == 0 && out[6] == 0 && out[7] == 0; */
    /*@ assert RpmBytesBe32(out + 8, n + 3) && RpmBytesBe32(out + 12, end + 16); */
    /*@ assert RpmBytesBe32(out + 16, 62) && RpmBytesBe32(out + 20, 7) &&
               RpmBytesBe32(out + 24, end) && RpmBytesBe32(out + 28, 16); */
    put_rest_items(out, a, b, s, n + 1);
    entry_words(s >= WIDE_MIN, out + 32 + 16 * n, 270, 5, os, 1);
    entry_words(s >= WIDE_MIN, out + 48 + 16 * n, 273, 6, od, 1);
    entry_words(s < WIDE_MIN, out + 32 + 16 * n, 273, 6, od, 1);
    entry_words(s < WIDE_MIN, out + 48 + 16 * n, 1000, 4, os, 1);
    magic_is(out);
}

/* Lemma (calls a lemma only): index entry i's bytes read back as
 * RpmCanonEntry. */
/*@ requires 1 <= i <= 4;
    requires t == RpmCanonType(tag) && off == RpmCanonOff(tag, a, b, s) &&
             c == RpmCanonCount(tag, a, b);
    requires RpmEntryBytes(h + 16 + 16 * i, tag, t, off, c);
    assigns \nothing;
    ensures RpmCanonEntry(h, i, tag, a, b, s);
 */
static void item_is(uint8_t *h, uint32_t i, uint32_t tag, uint32_t t, uint32_t off, uint32_t c,
                    uint32_t a, uint32_t b, uint64_t s)
{
    entry_is(h + 16 + 16 * i, tag, t, off, c);
    (void)a, (void)b, (void)s;
}

/* Lemma (a loop without effect): entries 1 .. il-1 as RpmCanonIndex's
 * \forall, from one fact per entry. */
/*@ requires 4 <= il <= 5 && il == RpmCanonIl(a, b);
    requires e1: RpmCanonEntry(h, 1, RpmCanonTag(1, a, b, s), a, b, s);
    requires e2: RpmCanonEntry(h, 2, RpmCanonTag(2, a, b, s), a, b, s);
    requires e3: RpmCanonEntry(h, 3, RpmCanonTag(3, a, b, s), a, b, s);
    requires e4: il == 5 ==> RpmCanonEntry(h, 4, RpmCanonTag(4, a, b, s), a, b, s);
    assigns \nothing;
    ensures \forall integer i; 1 <= i < RpmCanonIl(a, b) ==>
        RpmCanonEntry(h, i, RpmCanonTag(i, a, b, s), a, b, s);
 */
static void entries_all(uint8_t *h, uint32_t a, uint32_t b, uint64_t s, uint32_t il)
{
    /*@ loop invariant 1 <= k <= il;
        loop invariant \forall integer i; 1 <= i < k ==>
            RpmCanonEntry(h, i, RpmCanonTag(i, a, b, s), a, b, s);
        loop assigns k;
        loop variant il - k;
     */
    for (uint32_t k = 1; k < il; k++) {
        /*@ assert k == 1 || k == 2 || k == 3 || (k == 4 && il == 5); */
        /*@ assert RpmCanonEntry(h, k, RpmCanonTag(k, a, b, s), a, b, s); */
    }
    (void)h, (void)a, (void)b, (void)s;
}

/* Lemma (calls lemmas only): the kept entries, by case, are RpmCanonIndex's
 * entries 1 .. il-1. */
/*@ requires (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires n == (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0);
    requires dsa: a > 0 ==> RpmCanonEntry(h, 1, 267, a, b, s);
    requires rsa: b > 0 ==> RpmCanonEntry(h, n, 268, a, b, s);
    requires wide: RpmCanonWide(s) ==> RpmCanonEntry(h, n + 1, 270, a, b, s) &&
                                       RpmCanonEntry(h, n + 2, 273, a, b, s);
    requires narrow: !RpmCanonWide(s) ==> RpmCanonEntry(h, n + 1, 273, a, b, s) &&
                                          RpmCanonEntry(h, n + 2, 1000, a, b, s);
    assigns \nothing;
    ensures \forall integer i; 1 <= i < RpmCanonIl(a, b) ==>
        RpmCanonEntry(h, i, RpmCanonTag(i, a, b, s), a, b, s);
 */
static void index_ok(uint8_t *h, uint32_t a, uint32_t b, uint64_t s, uint32_t n)
{
    if (a > 0 && b > 0) {
        /*@ assert n == 2 && RpmCanonIl(a, b) == 5; */
        /*@ assert RpmCanonTag(1, a, b, s) == 267 && RpmCanonTag(2, a, b, s) == 268; */
        if (s >= WIDE_MIN) {
            /*@ assert RpmCanonTag(3, a, b, s) == 270 && RpmCanonTag(4, a, b, s) == 273; */
            entries_all(h, a, b, s, 5);
        } else {
            /*@ assert RpmCanonTag(3, a, b, s) == 273 && RpmCanonTag(4, a, b, s) == 1000; */
            entries_all(h, a, b, s, 5);
        }
    } else if (a > 0) {
        /*@ assert n == 1 && RpmCanonIl(a, b) == 4 && RpmCanonTag(1, a, b, s) == 267; */
        if (s >= WIDE_MIN) {
            /*@ assert RpmCanonTag(2, a, b, s) == 270 && RpmCanonTag(3, a, b, s) == 273; */
            entries_all(h, a, b, s, 4);
        } else {
            /*@ assert RpmCanonTag(2, a, b, s) == 273 && RpmCanonTag(3, a, b, s) == 1000; */
            entries_all(h, a, b, s, 4);
        }
    } else {
        /*@ assert n == 1 && RpmCanonIl(a, b) == 4 && RpmCanonTag(1, a, b, s) == 268; */
        if (s >= WIDE_MIN) {
            /*@ assert RpmCanonTag(2, a, b, s) == 270 && RpmCanonTag(3, a, b, s) == 273; */
            entries_all(h, a, b, s, 4);
        } else {
            /*@ assert RpmCanonTag(2, a, b, s) == 273 && RpmCanonTag(3, a, b, s) == 1000; */
            entries_all(h, a, b, s, 4);
        }
    }
    (void)n;
}

/* Lemma (no code): where the data store starts, from il's bytes. */
/*@ requires RpmBe32(h + 8) == il;
    assigns \nothing;
    ensures RpmIl(h) == il && RpmData(h) == h + 16 + 16 * il;
 */
static void data_at(uint8_t *h, uint32_t il)
{
    (void)h, (void)il;
}

/* Lemma (calls lemmas only): the index's bytes read back as RpmCanonIndex.
 * Its requires are put_index's ensures, clause for clause. */
/*@ requires (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires n == (a > 0 ? 1 : 0) + (b > 0 ? 1 : 0);
    requires magic: RpmMagicOk(h);
    requires il: RpmBytesBe32(h + 8, n + 3);
    requires dl: RpmBytesBe32(h + 12, RpmCanonEnd(a, b, s) + 16);
    requires region: RpmEntryBytes(h + 16, 62, 7, RpmCanonEnd(a, b, s), 16);
    requires dsa: a > 0 ==> RpmEntryBytes(h + 32, 267, 7, 0, a);
    requires rsa: b > 0 ==> RpmEntryBytes(h + 16 + 16 * n, 268, 7, a, b);
    requires wide: RpmCanonWide(s) ==>
        RpmEntryBytes(h + 32 + 16 * n, 270, 5, RpmCanonOffSize(a, b, s), 1) &&
        RpmEntryBytes(h + 48 + 16 * n, 273, 6, RpmCanonOffDigest(a, b, s), 1);
    requires narrow: !RpmCanonWide(s) ==>
        RpmEntryBytes(h + 32 + 16 * n, 273, 6, RpmCanonOffDigest(a, b, s), 1) &&
        RpmEntryBytes(h + 48 + 16 * n, 1000, 4, RpmCanonOffSize(a, b, s), 1);
    assigns \nothing;
    ensures RpmMagicOk(h) && RpmCanonIndex(h, a, b, s);
    ensures il: RpmIl(h) == n + 3 && RpmData(h) == h + 16 + 16 * (n + 3);
 */
static void index_is(uint8_t *h, uint32_t a, uint32_t b, uint64_t s, uint32_t n)
{
    uint32_t end = canon_end(a, b, s);
    uint32_t os = off_size(a, b, s), od = off_digest(a, b, s);

    /*@ assert RpmCanonIl(a, b) == n + 3 && RpmCanonDl(a, b, s) == end + 16; */
    be32_is(h + 8, n + 3);
    data_at(h, n + 3);
    be32_is(h + 12, end + 16);
    entry_is(h + 16, 62, 7, end, 16);
    if (a > 0)
        item_is(h, 1, 267, 7, 0, a, a, b, s);
    if (b > 0)
        item_is(h, n, 268, 7, a, b, a, b, s);
    if (s >= WIDE_MIN) {
        item_is(h, n + 1, 270, 5, os, 1, a, b, s);
        item_is(h, n + 2, 273, 6, od, 1, a, b, s);
    } else {
        item_is(h, n + 1, 273, 6, od, 1, a, b, s);
        item_is(h, n + 2, 1000, 4, os, 1, a, b, s);
    }
    index_ok(h, a, b, s, n);
}

/* §1: s as a big-endian u64 at p[0 .. 7], in the writers' form. */
/*@ requires \valid(p + (0 .. 7));
    assigns p[0 .. 7];
    ensures RpmBytesBe32(p, s / 4294967296) && RpmBytesBe32(p + 4, s % 4294967296);
 */
static void put_be64(uint8_t *p, uint64_t s)
{
    put32(p, (uint32_t)(s / WIDE_MIN));
    put32(p + 4, (uint32_t)(s % WIDE_MIN));
}

/* §8: the digest's 64 characters and the NUL that ends the STRING. */
/*@ requires \valid(p + (0 .. 64)) && \valid_read(hex + (0 .. 63));
    requires \separated(p + (0 .. 64), hex + (0 .. 63));
    assigns p[0 .. 64];
    ensures \forall integer k; 0 <= k < 64 ==> p[k] == hex[k];
    ensures p[64] == 0;
 */
static void put_digest(uint8_t *p, const uint8_t *hex)
{
    copy(p, hex, 64);
    p[64] = 0;
}

/* §8: the padding d[st .. o-1] (at most 7 bytes) zeroed, stated byte by
 * byte from the end: single-byte facts survive later writes elsewhere,
 * a \forall does not (the provers do not carry it across a call). */
/*@ requires st <= o <= st + 7 && o <= 4294967000;
    requires \valid(d + (st .. o - 1));
    assigns d[st .. o - 1];
    ensures st + 1 <= o ==> d[o - 1] == 0;
    ensures st + 2 <= o ==> d[o - 2] == 0;
    ensures st + 3 <= o ==> d[o - 3] == 0;
    ensures st + 4 <= o ==> d[o - 4] == 0;
    ensures st + 5 <= o ==> d[o - 5] == 0;
    ensures st + 6 <= o ==> d[o - 6] == 0;
    ensures st + 7 <= o ==> d[o - 7] == 0;
 */
static void pad7(uint8_t *d, uint32_t st, uint32_t o)
{
    if (st + 1 <= o)
        d[o - 1] = 0;
    if (st + 2 <= o)
        d[o - 2] = 0;
    if (st + 3 <= o)
        d[o - 3] = 0;
    if (st + 4 <= o)
        d[o - 4] = 0;
    if (st + 5 <= o)
        d[o - 5] = 0;
    if (st + 6 <= o)
        d[o - 6] = 0;
    if (st + 7 <= o)
        d[o - 7] = 0;
}

/* Lemma (a loop without effect): pad7's bytes as a \forall. */
/*@ requires st <= o <= st + 7;
    requires st + 1 <= o ==> d[o - 1] == 0;
    requires st + 2 <= o ==> d[o - 2] == 0;
    requires st + 3 <= o ==> d[o - 3] == 0;
    requires st + 4 <= o ==> d[o - 4] == 0;
    requires st + 5 <= o ==> d[o - 5] == 0;
    requires st + 6 <= o ==> d[o - 6] == 0;
    requires st + 7 <= o ==> d[o - 7] == 0;
    assigns \nothing;
    ensures \forall integer k; st <= k < o ==> d[k] == 0;
 */
static void pad_is(uint8_t *d, uint32_t st, uint32_t o)
{
    /*@ loop invariant st <= k <= o;
        loop invariant \forall integer i; st <= i < k ==> d[i] == 0;
        loop assigns k;
        loop variant o - k;
     */
    for (uint32_t k = st; k < o; k++) {
        /*@ assert k == o - 1 || k == o - 2 || k == o - 3 || k == o - 4 || k == o - 5 ||
                   k == o - 6 || k == o - 7; */
        /*@ assert d[k] == 0; */
    }
    (void)d;
}

/* §8, below 2^32: the digest and its NUL at l, zero padding up to o, the
 * INT32 size at o. A context of its own (no RpmCanon* term in it). */
/*@ requires l + 65 <= o <= l + 68 && o <= 4294967000;
    requires \valid(d + (l .. o + 3)) && \valid_read(hex + (0 .. 63));
    requires \separated(d + (l .. o + 3), hex + (0 .. 63));
    assigns d[l .. o + 3];
    ensures digest: \forall integer k; 0 <= k < 64 ==> d[l + k] == hex[k];
    ensures nul: d[l + 64] == 0;
    ensures pad: \forall integer k; l + 65 <= k < o ==> d[k] == 0;
    ensures size: RpmBytesBe32(d + o, v);
 */
static void tail_narrow(uint8_t *d, uint32_t l, uint32_t o, uint32_t v, const uint8_t *hex)
{
    put32(d + o, v);
    pad7(d, l + 65, o);
    put_digest(d + l, hex);
    pad_is(d, l + 65, o);
}

/* §8: what follows the signatures. From s = 2^32 on: zero padding to 8,
 * the INT64 size (270), the digest and its NUL (273). Below: the digest
 * and its NUL (273), zero padding to 4, the INT32 size (1000). */
/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX;
    requires \valid(d + (a + b .. RpmCanonEnd(a, b, s) - 1)) && \valid_read(hex + (0 .. 63));
    requires \separated(d + (a + b .. RpmCanonEnd(a, b, s) - 1), hex + (0 .. 63));
    assigns d[a + b .. RpmCanonEnd(a, b, s) - 1];
    ensures RpmCanonPadZero(d, a, b, s) && RpmCanonSizeBytes(d, a, b, s);
    ensures \forall integer k; 0 <= k < 64 ==> d[RpmCanonOffDigest(a, b, s) + k] == hex[k];
    ensures d[RpmCanonOffDigest(a, b, s) + 64] == 0;
 */
static void put_tail(uint8_t *d, uint32_t a, uint32_t b, uint64_t s, const uint8_t *hex)
{
    uint32_t l = a + b, o = off_size(a, b, s), od = off_digest(a, b, s);

    /*@ assert s >= 4294967296 ==> od == o + 8; */
    /* Stepping stones: the padding restated after each later call. */
    if (s >= WIDE_MIN) {
        pad7(d, l, o);
        put_be64(d + o, s);
        put_digest(d + od, hex);
        pad_is(d, l, o);
    } else {
        /*@ assert od == l; */
        tail_narrow(d, l, o, (uint32_t)s, hex);
    }
}

/* §8: both signatures, byte for byte. */
/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX;
    requires \valid(d + (0 .. a + b - 1));
    requires \valid_read(dsa + (0 .. a - 1)) && \valid_read(rsa + (0 .. b - 1));
    requires \separated(d + (0 .. a + b - 1), dsa + (0 .. a - 1), rsa + (0 .. b - 1));
    assigns d[0 .. a + b - 1];
    ensures \forall integer k; 0 <= k < a ==> d[k] == dsa[k];
    ensures \forall integer k; a <= k < a + b ==> d[k] == rsa[k - a];
 */
static void put_sigs(uint8_t *d, const uint8_t *dsa, uint32_t a, const uint8_t *rsa, uint32_t b)
{
    copy(d + a, rsa, b);
    /*@ assert \forall integer k; a <= k < a + b ==> d[k] == rsa[k - a]; */
    copy(d, dsa, a);
}

/* §8: the whole data store: the trailer, the signatures, then the rest. */
/*@ requires (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX && 1 <= il <= 5;
    requires \valid(d + (0 .. RpmCanonEnd(a, b, s) + 15));
    requires \valid_read(dsa + (0 .. a - 1)) && \valid_read(rsa + (0 .. b - 1));
    requires \valid_read(hex + (0 .. 63));
    requires \separated(d + (0 .. RpmCanonEnd(a, b, s) + 15), dsa + (0 .. a - 1),
                        rsa + (0 .. b - 1), hex + (0 .. 63));
    assigns d[0 .. RpmCanonEnd(a, b, s) + 15];
    ensures sigs: \forall integer k; 0 <= k < a ==> d[k] == dsa[k];
    ensures sigs: \forall integer k; a <= k < a + b ==> d[k] == rsa[k - a];
    ensures digest: \forall integer k; 0 <= k < 64 ==> d[RpmCanonOffDigest(a, b, s) + k] == hex[k];
    ensures digest: d[RpmCanonOffDigest(a, b, s) + 64] == 0;
    ensures size: RpmCanonSizeBytes(d, a, b, s);
    ensures pad: RpmCanonPadZero(d, a, b, s);
    ensures trailer: RpmEntryBytes(d + RpmCanonEnd(a, b, s), 62, 7, 4294967296 - 16 * il, 16);
 */
static void put_data(uint8_t *d, const uint8_t *dsa, uint32_t a, const uint8_t *rsa,
                     uint32_t b, const uint8_t *hex, uint64_t s, uint32_t il)
{
    uint32_t e = canon_end(a, b, s);

    /* Stepping stones: the trailer restated after each later call. */
    put_entry(d + e, 62, 7, (uint32_t)(WIDE_MIN - 16u * il), 16);
    put_sigs(d, dsa, a, rsa, b);
    /*@ assert RpmEntryBytes(d + e, 62, 7, 4294967296 - 16 * il, 16); */
    put_tail(d, a, b, s, hex);
    /*@ assert RpmEntryBytes(d + e, 62, 7, 4294967296 - 16 * il, 16); */
}

/* Lemma (no code): two u32 halves read back as the u64. */
/*@ requires 0 <= s && RpmBe32(p) == s / 4294967296 && RpmBe32(p + 4) == s % 4294967296;
    assigns \nothing;
    ensures RpmBe64(p) == s;
 */
static void be64_is(uint8_t *p, uint64_t s)
{
    /*@ assert s == s / 4294967296 * 4294967296 + s % 4294967296; */
    (void)p, (void)s;
}

/* Lemma (calls lemmas only): the size's and the trailer's bytes read back
 * as RpmBe64 / RpmBe32 and RpmCanonTrailer. */
/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX && 1 <= il <= 5;
    requires RpmCanonSizeBytes(d, a, b, s);
    requires RpmEntryBytes(d + RpmCanonEnd(a, b, s), 62, 7, 4294967296 - 16 * il, 16);
    assigns \nothing;
    ensures RpmCanonWide(s) ? RpmBe64(d + RpmCanonOffSize(a, b, s)) == s
                            : RpmBe32(d + RpmCanonOffSize(a, b, s)) == s;
    ensures RpmCanonTrailer(d, RpmCanonEnd(a, b, s), il);
 */
static void data_is(uint8_t *d, uint32_t a, uint32_t b, uint64_t s, uint32_t il)
{
    uint32_t o = off_size(a, b, s);

    entry_is(d + canon_end(a, b, s), 62, 7, (uint32_t)(WIDE_MIN - 16u * il), 16);
    if (s >= WIDE_MIN) {
        be32_is(d + o, (uint32_t)(s / WIDE_MIN));
        be32_is(d + o + 4, (uint32_t)(s % WIDE_MIN));
        be64_is(d + o, s);
    } else {
        be32_is(d + o, (uint32_t)s);
    }
}

/* Lemma (no code): one instance of str65's `chars` (the provers do not
 * find it themselves: the index is p + (k - 1)). */
/*@ requires str: RpmCanonStr65(d, p);
    requires 0 <= z < 64;
    assigns \nothing;
    ensures d[p + z] != 0;
 */
static void nz_at(uint8_t *d, uint32_t p, uint32_t z)
{
    /*@ assert \let q = p + z; q == p + z && d[q] != 0; */
    (void)d, (void)p, (void)z;
}

/* Lemma (a loop without effect): 64 non-NUL bytes then a NUL make a
 * STRING of 65 bytes. It walks RpmStrEnd's recursion back from the NUL. */
/*@ requires str: RpmCanonStr65(d, p);
    requires lim: p + 65 <= lim;
    assigns \nothing;
    ensures RpmStrEnd(d, p, lim) == p + 65;
 */
static void str65(uint8_t *d, uint32_t p, uint32_t lim)
{
    /*@ loop invariant 0 <= k <= 64;
        loop invariant RpmStrEnd(d, p + k, lim) == p + 65;
        loop assigns k;
        loop variant k;
     */
    for (uint32_t k = 64; k > 0; k--) {
        nz_at(d, p, k - 1);
        /*@ assert d[p + (k - 1)] != 0 && p + (k - 1) < lim; */
        /*@ assert RpmStrEnd(d, p + (k - 1), lim) == RpmStrEnd(d, p + k, lim); */
    }
    (void)d, (void)p, (void)lim;
}

/* Lemma (no code): RpmEntEnd unfolded, in a context of its own (next to
 * len * RpmWidth(7) the provers do not find it). */
/*@ assigns \nothing;
    ensures RpmEntEnd(h, i) == RpmDataEnd(RpmData(h), RpmType(h, i), RpmOff(h, i),
                                          RpmCount(h, i), RpmLimit(h));
 */
static void ent_end(uint8_t *h, uint32_t i)
{
    (void)h, (void)i;
}

/* Lemma (no code): where BIN data of len bytes at off end. RpmDataEnd is
 * unfolded before RpmWidth(7) == 1 is known: after it, the provers face
 * len * RpmWidth(7) and fail. */
/*@ requires fit: off + len <= RpmLimit(h);
    assigns \nothing;
    ensures RpmDataEnd(RpmData(h), 7, off, len, RpmLimit(h)) == off + len;
 */
static void bin_end(uint8_t *h, uint32_t off, uint32_t len)
{
    /*@ assert RpmDataEnd(RpmData(h), 7, off, len, RpmLimit(h)) ==
            (off + len * RpmWidth(7) <= RpmLimit(h) ? off + len * RpmWidth(7) : -1); */
    /*@ assert RpmWidth(7) == 1; */
    (void)h, (void)off, (void)len;
}

/* Lemma (no code): the digest copied from hex digits, then its NUL, are
 * RpmCanonStr65 (in a context of its own). */
/*@ requires digest: \forall integer k; 0 <= k < 64 ==> d[at + k] == hex[k];
    requires nul: d[at + 64] == 0;
    requires hexok: RpmHexDigits(hex, 64);
    assigns \nothing;
    ensures RpmCanonStr65(d, at);
 */
static void digest_str(uint8_t *d, uint32_t at, uint8_t *hex)
{
    /* (The name `at` sorts before the provers' `i`: Qed then keeps at + i
     * in the goal as in the hypotheses.) */
    /*@ assert \forall integer k; 0 <= k < 64 ==> d[at + k] != 0; */
    (void)d, (void)at, (void)hex;
}

/* Lemmas (no code): entry i of h, one per kind of kept item, meets §3.2,
 * §3.3 and §5.2 after entries whose tags are all below its own. */
/*@ requires 1 <= i < RpmIl(h);
    requires tag: (tag == 267 || tag == 268) && RpmTag(h, i) == tag;
    requires fields: RpmType(h, i) == 7 && RpmCount(h, i) == len && RpmOff(h, i) == off;
    requires fit: 1 <= len && off + len <= RpmLimit(h);
    requires prev: RpmPrevEnd(h, i) == off;
    requires below: \forall integer k; 1 <= k < i ==> RpmTag(h, k) < tag;
    assigns \nothing;
    ensures ok: RpmEntryOk(h, AL_RPM_SIG, i) && RpmEntEnd(h, i) == off + len;
    ensures upto: \forall integer k; 1 <= k <= i ==> RpmTag(h, k) <= tag;
 */
static void bin_ok(uint8_t *h, uint32_t i, uint32_t tag, uint32_t off, uint32_t len)
{
    /*@ assert RpmNoRepeat(h, i) && RpmSigTagOk(h, i) && RpmTagOk(h, AL_RPM_SIG, i); */
    /*@ assert RpmCountOk(RpmType(h, i), RpmCount(h, i)); */
    bin_end(h, off, len);
    ent_end(h, i);
    /*@ assert RpmEntEnd(h, i) == off + len; */
    /*@ assert RpmPlacedAt(h, i, off) && RpmPlaced(h, i); */
    (void)h, (void)i, (void)tag, (void)off, (void)len;
}

/*@ requires 1 <= i < RpmIl(h);
    requires tag: (tag == 270 && RpmType(h, i) == 5 && w == 8) ||
                  (tag == 1000 && RpmType(h, i) == 4 && w == 4);
    requires fields: RpmTag(h, i) == tag && RpmCount(h, i) == 1 && RpmOff(h, i) == off;
    requires place: off % w == 0 && e <= off && off - e < w && off + w <= RpmLimit(h);
    requires pad: \forall integer k; e <= k < off ==> RpmData(h)[k] == 0;
    requires prev: RpmPrevEnd(h, i) == e;
    requires below: \forall integer k; 1 <= k < i ==> RpmTag(h, k) < tag;
    assigns \nothing;
    ensures ok: RpmEntryOk(h, AL_RPM_SIG, i) && RpmEntEnd(h, i) == off + w;
    ensures upto: \forall integer k; 1 <= k <= i ==> RpmTag(h, k) <= tag;
 */
static void int_ok(uint8_t *h, uint32_t i, uint32_t tag, uint32_t off, uint32_t e, uint32_t w)
{
    /*@ assert RpmNoRepeat(h, i) && RpmSigTagOk(h, i) && RpmTagOk(h, AL_RPM_SIG, i); */
    /*@ assert RpmCountOk(RpmType(h, i), RpmCount(h, i)); */
    /*@ assert RpmAlign(RpmType(h, i)) == w && RpmEntEnd(h, i) == off + w; */
    /*@ assert RpmPlacedAt(h, i, e) && RpmPlaced(h, i); */
    (void)h, (void)i, (void)tag, (void)off, (void)e, (void)w;
}

/*@ requires RpmIl(h) == il && RpmDl(h) == dl && 16 <= dl && 1 <= i < il <= 5;
    requires fields: RpmTag(h, i) == 273 && RpmType(h, i) == 6 && RpmCount(h, i) == 1 &&
                     RpmOff(h, i) == off;
    requires str: RpmCanonStr65(RpmData(h), off) && off + 65 <= RpmLimit(h);
    requires prev: RpmPrevEnd(h, i) == off;
    requires below: \forall integer k; 1 <= k < i ==> RpmTag(h, k) < 273;
    assigns \nothing;
    ensures ok: RpmEntryOk(h, AL_RPM_SIG, i) && RpmEntEnd(h, i) == off + 65;
    ensures upto: \forall integer k; 1 <= k <= i ==> RpmTag(h, k) <= 273;
 */
static void str_ok(uint8_t *h, uint32_t il, uint32_t dl, uint32_t i, uint32_t off)
{
    (void)i;
    /*@ assert RpmData(h) == h + 16 + 16 * il && RpmLimit(h) == dl - 16; */
    str65(h + 16 + 16 * il, off, dl - 16);
    /*@ assert RpmNoRepeat(h, i) && RpmSigTagOk(h, i) && RpmTagOk(h, AL_RPM_SIG, i); */
    /*@ assert RpmEntEnd(h, i) == off + 65; */
    /*@ assert RpmPlacedAt(h, i, off) && RpmPlaced(h, i); */
}

/* Lemma (no code): three or four good entries are all of them. */
/*@ requires 4 <= RpmIl(h) <= 5;
    requires RpmEntryOk(h, AL_RPM_SIG, 1) && RpmEntryOk(h, AL_RPM_SIG, 2) &&
             RpmEntryOk(h, AL_RPM_SIG, 3);
    requires RpmIl(h) == 5 ==> RpmEntryOk(h, AL_RPM_SIG, 4);
    assigns \nothing;
    ensures \forall integer i; 1 <= i < RpmIl(h) ==> RpmEntryOk(h, AL_RPM_SIG, i);
 */
static void all_ok(uint8_t *h)
{
    (void)h;
}

/* Lemma (no code): entry i's four fields, from RpmCanonIndex's \forall. */
/*@ requires index: RpmCanonIndex(h, a, b, s) && 1 <= i < RpmCanonIl(a, b);
    requires tag: RpmCanonTag(i, a, b, s) == tag;
    requires fields: t == RpmCanonType(tag) && c == RpmCanonCount(tag, a, b) &&
                     off == RpmCanonOff(tag, a, b, s);
    assigns \nothing;
    ensures RpmTag(h, i) == tag && RpmType(h, i) == t && RpmCount(h, i) == c &&
            RpmOff(h, i) == off;
 */
static void entry_at(uint8_t *h, uint32_t i, uint32_t tag, uint32_t t, uint32_t off, uint32_t c,
                     uint32_t a, uint32_t b, uint64_t s)
{
    /*@ assert RpmCanonEntry(h, i, RpmCanonTag(i, a, b, s), a, b, s); */
    (void)h, (void)i, (void)tag, (void)t, (void)off, (void)c, (void)a, (void)b, (void)s;
}

/* Lemma (calls lemmas only): every entry of the header the writers left
 * meets its rules, one entry at a time in index order; the last one's
 * data end at the trailer. */
/*@ requires bounds: (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires index: RpmCanonIndex(h, a, b, s);
    requires str: RpmCanonStr65(RpmData(h), RpmCanonOffDigest(a, b, s));
    requires pad: RpmCanonPadZero(RpmData(h), a, b, s);
    assigns \nothing;
    ensures ok: \forall integer i; 1 <= i < RpmIl(h) ==> RpmEntryOk(h, AL_RPM_SIG, i);
    ensures end: RpmEntEnd(h, RpmCanonIl(a, b) - 1) == RpmCanonEnd(a, b, s);
 */
static void entries_ok(uint8_t *h, uint32_t a, uint32_t b, uint64_t s)
{
    uint32_t n = (a > 0 ? 1u : 0u) + (b > 0 ? 1u : 0u), il = n + 3;
    uint32_t dl = canon_end(a, b, s) + 16, os = off_size(a, b, s), od = off_digest(a, b, s);

    /*@ assert RpmIl(h) == il && RpmDl(h) == dl && RpmLimit(h) == dl - 16; */
    if (a > 0) {
        entry_at(h, 1, 267, 7, 0, a, a, b, s);
        bin_ok(h, 1, 267, 0, a);
    }
    if (b > 0) {
        entry_at(h, n, 268, 7, a, b, a, b, s);
        bin_ok(h, n, 268, a, b);
    }
    if (s >= WIDE_MIN) {
        entry_at(h, n + 1, 270, 5, os, 1, a, b, s);
        int_ok(h, n + 1, 270, os, a + b, 8);
        entry_at(h, n + 2, 273, 6, od, 1, a, b, s);
        str_ok(h, il, dl, n + 2, od);
        /*@ assert RpmEntEnd(h, n + 2) == RpmCanonEnd(a, b, s); */
    } else {
        entry_at(h, n + 1, 273, 6, od, 1, a, b, s);
        str_ok(h, il, dl, n + 1, od);
        entry_at(h, n + 2, 1000, 4, os, 1, a, b, s);
        int_ok(h, n + 2, 1000, os, od + 65, 4);
        /*@ assert RpmEntEnd(h, n + 2) == RpmCanonEnd(a, b, s); */
    }
    /*@ assert n + 2 == RpmCanonIl(a, b) - 1; */
    all_ok(h);
}

/* Lemma (calls a function without effect only): RpmHdrOk's conjuncts one
 * by one, on a path without branches. */
/*@ requires bounds: (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires index: RpmMagicOk(h) && RpmCanonIndex(h, a, b, s);
    requires trailer: RpmCanonTrailer(RpmData(h), RpmCanonEnd(a, b, s), RpmCanonIl(a, b));
    requires ok: \forall integer i; 1 <= i < RpmIl(h) ==> RpmEntryOk(h, AL_RPM_SIG, i);
    requires end: RpmEntEnd(h, RpmCanonIl(a, b) - 1) == RpmCanonEnd(a, b, s);
    assigns \nothing;
    ensures RpmHdrOk(h, AL_RPM_SIG) && RpmHdrSize(h) == RpmCanonSize(a, b, s);
 */
static void hdr_fin(uint8_t *h, uint32_t a, uint32_t b, uint64_t s)
{
    uint32_t e = canon_end(a, b, s);

    /*@ assert RpmIl(h) == RpmCanonIl(a, b) && RpmDl(h) == e + 16 && RpmLimit(h) == e; */
    /*@ assert 4 <= RpmIl(h) <= 5 && e <= 262128; */
    /*@ assert RpmSigBounds(h) && RpmBounds(h, AL_RPM_SIG); */
    /*@ assert RpmRegionOk(h, 62) && RpmRegionTag(AL_RPM_SIG) == 62; */
    /*@ assert RpmPrevEnd(h, RpmIl(h)) == RpmEntEnd(h, RpmIl(h) - 1); */
    /*@ assert RpmNoUnowned(h); */
    (void)h, (void)e;
}

/* Lemma (calls lemmas only): the header the writers left is RpmHdrOk. */
/*@ requires bounds: (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires index: RpmMagicOk(h) && RpmCanonIndex(h, a, b, s);
    requires trailer: RpmCanonTrailer(RpmData(h), RpmCanonEnd(a, b, s), RpmCanonIl(a, b));
    requires str: RpmCanonStr65(RpmData(h), RpmCanonOffDigest(a, b, s));
    requires pad: RpmCanonPadZero(RpmData(h), a, b, s);
    assigns \nothing;
    ensures RpmHdrOk(h, AL_RPM_SIG) && RpmHdrSize(h) == RpmCanonSize(a, b, s);
 */
static void hdr_ok(uint8_t *h, uint32_t a, uint32_t b, uint64_t s)
{
    entries_ok(h, a, b, s);
    hdr_fin(h, a, b, s);
}

/* The index, then the data store (at d = out + 16 + 16 * il), in a
 * context of their own: the index's byte facts cross put_data's writes
 * here, the data store's facts are about the final memory. */
/*@ requires (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires n == RpmCanonIl(a, b) - 3 && il == n + 3 && d == out + 16 + 16 * il;
    requires \valid(out + (0 .. 31 + 16 * il + RpmCanonEnd(a, b, s)));
    requires \valid_read(dsa + (0 .. a - 1)) && \valid_read(rsa + (0 .. b - 1));
    requires \valid_read(hex + (0 .. 63));
    requires \separated(out + (0 .. 31 + 16 * il + RpmCanonEnd(a, b, s)), dsa + (0 .. a - 1),
                        rsa + (0 .. b - 1), hex + (0 .. 63));
    assigns out[0 .. 31 + 16 * il + RpmCanonEnd(a, b, s)];
    ensures magic: RpmMagicOk(out);
    ensures il: RpmBytesBe32(out + 8, n + 3);
    ensures dl: RpmBytesBe32(out + 12, RpmCanonEnd(a, b, s) + 16);
    ensures region: RpmBytesBe32(out + 16, 62) && RpmBytesBe32(out + 20, 7) &&
        RpmBytesBe32(out + 24, RpmCanonEnd(a, b, s)) && RpmBytesBe32(out + 28, 16);
    ensures dsa: a > 0 ==> RpmBytesBe32(out + 32, 267) && RpmBytesBe32(out + 36, 7) &&
        RpmBytesBe32(out + 40, 0) && RpmBytesBe32(out + 44, a);
    ensures rsa: b > 0 ==> RpmBytesBe32(out + 16 + 16 * n, 268) &&
        RpmBytesBe32(out + 20 + 16 * n, 7) &&
        RpmBytesBe32(out + 24 + 16 * n, a) && RpmBytesBe32(out + 28 + 16 * n, b);
    ensures wide1: RpmCanonWide(s) ==> RpmBytesBe32(out + 32 + 16 * n, 270) &&
        RpmBytesBe32(out + 36 + 16 * n, 5) &&
        RpmBytesBe32(out + 40 + 16 * n, RpmCanonOffSize(a, b, s)) &&
        RpmBytesBe32(out + 44 + 16 * n, 1);
    ensures wide2: RpmCanonWide(s) ==> RpmBytesBe32(out + 48 + 16 * n, 273) &&
        RpmBytesBe32(out + 52 + 16 * n, 6) &&
        RpmBytesBe32(out + 56 + 16 * n, RpmCanonOffDigest(a, b, s)) &&
        RpmBytesBe32(out + 60 + 16 * n, 1);
    ensures narrow1: !RpmCanonWide(s) ==> RpmBytesBe32(out + 32 + 16 * n, 273) &&
        RpmBytesBe32(out + 36 + 16 * n, 6) &&
        RpmBytesBe32(out + 40 + 16 * n, RpmCanonOffDigest(a, b, s)) &&
        RpmBytesBe32(out + 44 + 16 * n, 1);
    ensures narrow2: !RpmCanonWide(s) ==> RpmBytesBe32(out + 48 + 16 * n, 1000) &&
        RpmBytesBe32(out + 52 + 16 * n, 4) &&
        RpmBytesBe32(out + 56 + 16 * n, RpmCanonOffSize(a, b, s)) &&
        RpmBytesBe32(out + 60 + 16 * n, 1);
    ensures sigs: \forall integer k; 0 <= k < a ==> d[k] == dsa[k];
    ensures sigs: \forall integer k; a <= k < a + b ==> d[k] == rsa[k - a];
    ensures digest: \forall integer k; 0 <= k < 64 ==> d[RpmCanonOffDigest(a, b, s) + k] == hex[k];
    ensures digest: d[RpmCanonOffDigest(a, b, s) + 64] == 0;
    ensures size: RpmCanonSizeBytes(d, a, b, s);
    ensures pad: RpmCanonPadZero(d, a, b, s);
    ensures trailer: RpmEntryBytes(d + RpmCanonEnd(a, b, s), 62, 7, 4294967296 - 16 * il, 16);
 */
static void put_all(uint8_t *out, uint8_t *d, const uint8_t *dsa, uint32_t a, const uint8_t *rsa,
                    uint32_t b, const uint8_t *hex, uint64_t s, uint32_t n, uint32_t il)
{
    put_index(out, a, b, s, n);
    put_data(d, dsa, a, rsa, b, hex, s, il);
}

/* Lemma (no code): the index entries' words, as they cross put_data's
 * writes (16-byte facts do not, 4-byte ones do), read back as
 * RpmEntryBytes, index_is's form. */
/*@ requires a + b <= AL_RPM_CANON_SIGS_MAX && n == RpmCanonIl(a, b) - 3;
    requires region: RpmBytesBe32(h + 16, 62) && RpmBytesBe32(h + 20, 7) &&
        RpmBytesBe32(h + 24, RpmCanonEnd(a, b, s)) && RpmBytesBe32(h + 28, 16);
    requires dsa: a > 0 ==> RpmBytesBe32(h + 32, 267) && RpmBytesBe32(h + 36, 7) &&
        RpmBytesBe32(h + 40, 0) && RpmBytesBe32(h + 44, a);
    requires rsa: b > 0 ==> RpmBytesBe32(h + 16 + 16 * n, 268) &&
        RpmBytesBe32(h + 20 + 16 * n, 7) &&
        RpmBytesBe32(h + 24 + 16 * n, a) && RpmBytesBe32(h + 28 + 16 * n, b);
    requires wide1: RpmCanonWide(s) ==> RpmBytesBe32(h + 32 + 16 * n, 270) &&
        RpmBytesBe32(h + 36 + 16 * n, 5) &&
        RpmBytesBe32(h + 40 + 16 * n, RpmCanonOffSize(a, b, s)) &&
        RpmBytesBe32(h + 44 + 16 * n, 1);
    requires wide2: RpmCanonWide(s) ==> RpmBytesBe32(h + 48 + 16 * n, 273) &&
        RpmBytesBe32(h + 52 + 16 * n, 6) &&
        RpmBytesBe32(h + 56 + 16 * n, RpmCanonOffDigest(a, b, s)) &&
        RpmBytesBe32(h + 60 + 16 * n, 1);
    requires narrow1: !RpmCanonWide(s) ==> RpmBytesBe32(h + 32 + 16 * n, 273) &&
        RpmBytesBe32(h + 36 + 16 * n, 6) &&
        RpmBytesBe32(h + 40 + 16 * n, RpmCanonOffDigest(a, b, s)) &&
        RpmBytesBe32(h + 44 + 16 * n, 1);
    requires narrow2: !RpmCanonWide(s) ==> RpmBytesBe32(h + 48 + 16 * n, 1000) &&
        RpmBytesBe32(h + 52 + 16 * n, 4) &&
        RpmBytesBe32(h + 56 + 16 * n, RpmCanonOffSize(a, b, s)) &&
        RpmBytesBe32(h + 60 + 16 * n, 1);
    assigns \nothing;
    ensures region: RpmEntryBytes(h + 16, 62, 7, RpmCanonEnd(a, b, s), 16);
    ensures dsa: a > 0 ==> RpmEntryBytes(h + 32, 267, 7, 0, a);
    ensures rsa: b > 0 ==> RpmEntryBytes(h + 16 + 16 * n, 268, 7, a, b);
    ensures wide: RpmCanonWide(s) ==>
        RpmEntryBytes(h + 32 + 16 * n, 270, 5, RpmCanonOffSize(a, b, s), 1) &&
        RpmEntryBytes(h + 48 + 16 * n, 273, 6, RpmCanonOffDigest(a, b, s), 1);
    ensures narrow: !RpmCanonWide(s) ==>
        RpmEntryBytes(h + 32 + 16 * n, 273, 6, RpmCanonOffDigest(a, b, s), 1) &&
        RpmEntryBytes(h + 48 + 16 * n, 1000, 4, RpmCanonOffSize(a, b, s), 1);
 */
static void index_words(uint8_t *h, uint32_t a, uint32_t b, uint64_t s, uint32_t n)
{
    uint32_t e = canon_end(a, b, s), os = off_size(a, b, s), od = off_digest(a, b, s);

    words_entry(h + 16, 62, 7, e, 16);
    if (a > 0)
        words_entry(h + 32, 267, 7, 0, a);
    if (b > 0)
        words_entry(h + 16 + 16 * n, 268, 7, a, b);
    if (s >= WIDE_MIN) {
        words_entry(h + 32 + 16 * n, 270, 5, os, 1);
        words_entry(h + 48 + 16 * n, 273, 6, od, 1);
    } else {
        words_entry(h + 32 + 16 * n, 273, 6, od, 1);
        words_entry(h + 48 + 16 * n, 1000, 4, os, 1);
    }
}

/* Lemmas (no code): the digest's bytes as one atom and back. The \forall
 * fact put_all ensures is lost among the lemmas' facts at data_ok's call
 * (CVC4 and Z3 time out on an instance of it there); one atom is passed
 * on unchanged by Qed. */
/*@ requires digest: \forall integer k; 0 <= k < 64 ==>
        d[RpmCanonOffDigest(a, b, s) + k] == hex[k];
    assigns \nothing;
    ensures RpmCanonDigestAt(d, RpmCanonOffDigest(a, b, s), hex);
 */
static void digest_at(uint8_t *d, uint8_t *hex, uint32_t a, uint32_t b, uint64_t s)
{
    (void)d, (void)hex, (void)a, (void)b, (void)s;
}

/*@ requires digest: RpmCanonDigestAt(d, RpmCanonOffDigest(a, b, s), hex);
    assigns \nothing;
    ensures \forall integer k; 0 <= k < 64 ==> d[RpmCanonOffDigest(a, b, s) + k] == hex[k];
 */
static void digest_of(uint8_t *d, uint8_t *hex, uint32_t a, uint32_t b, uint64_t s)
{
    (void)d, (void)hex, (void)a, (void)b, (void)s;
}

/* Lemma (no code): the data store's facts, stated on d (where the writers
 * put it), read at RpmData(h), which is d. */
/*@ requires bounds: (a > 0 || b > 0) && a + b <= AL_RPM_CANON_SIGS_MAX;
    requires index: RpmMagicOk(h) && RpmCanonIndex(h, a, b, s);
    requires at: d == RpmData(h) && il == RpmCanonIl(a, b);
    requires hexok: RpmHexDigits(hex, 64);
    requires sigs: \forall integer k; 0 <= k < a ==> d[k] == dsa[k];
    requires sigs: \forall integer k; a <= k < a + b ==> d[k] == rsa[k - a];
    requires digest: RpmCanonDigestAt(d, RpmCanonOffDigest(a, b, s), hex);
    requires digest: d[RpmCanonOffDigest(a, b, s) + 64] == 0;
    requires size: RpmCanonWide(s) ? RpmBe64(d + RpmCanonOffSize(a, b, s)) == s
                                   : RpmBe32(d + RpmCanonOffSize(a, b, s)) == s;
    requires pad: RpmCanonPadZero(d, a, b, s);
    requires trailer: RpmCanonTrailer(d, RpmCanonEnd(a, b, s), il);
    assigns \nothing;
    ensures data: RpmCanonData(RpmData(h), dsa, rsa, hex, a, b, s);
    ensures pad: RpmCanonPadZero(RpmData(h), a, b, s);
    ensures trailer: RpmCanonTrailer(RpmData(h), RpmCanonEnd(a, b, s), RpmCanonIl(a, b));
    ensures str: RpmCanonStr65(RpmData(h), RpmCanonOffDigest(a, b, s));
    ensures well_formed: RpmHdrOk(h, AL_RPM_SIG) && RpmHdrSize(h) == RpmCanonSize(a, b, s);
 */
static void data_ok(uint8_t *h, uint8_t *d, uint8_t *dsa, uint8_t *rsa, uint8_t *hex,
                    uint32_t a, uint32_t b, uint64_t s, uint32_t il)
{
    digest_of(d, hex, a, b, s);
    digest_str(d, off_digest(a, b, s), hex);
    /*@ assert \forall integer k; 0 <= k < b ==> d[a + k] == rsa[k]; */
    /*@ assert RpmCanonStr65(RpmData(h), RpmCanonOffDigest(a, b, s)); */
    hdr_ok(h, a, b, s);
    (void)h, (void)d, (void)dsa, (void)rsa, (void)hex, (void)a, (void)b, (void)s, (void)il;
}

uint32_t al_rpm_canon(uint8_t *out, uint32_t cap, const struct al_rpm_canon_in *in)
{
    const uint8_t *dsa = in->dsa, *rsa = in->rsa, *hex = in->sha256;
    uint32_t a = in->dsa_len, b = in->rsa_len, n, il, dl, total;
    uint64_t s = in->size;
    uint8_t *d;

    /* Everything is checked before the first byte is written. */
    if ((a == 0 && b == 0) || a > AL_RPM_CANON_SIGS_MAX || b > AL_RPM_CANON_SIGS_MAX - a ||
        !hex_ok(hex))
        return 0;
    n = (a > 0 ? 1u : 0u) + (b > 0 ? 1u : 0u);
    il = n + 3;
    /*@ assert il == RpmCanonIl(a, b); */
    dl = canon_end(a, b, s) + 16;
    total = 16 + 16 * il + dl;
    /*@ assert total == RpmCanonSize(a, b, s); */
    if (cap < total)
        return 0;
    /* The index first, then the data store: the data store's facts (the
     * quantified ones) are then about the final memory, and only the
     * index's byte facts cross a later write (put_data's, disjoint). */
    d = out + 16 + 16 * il;
    put_all(out, d, dsa, a, rsa, b, hex, s, n, il);
    digest_at(d, (uint8_t *)hex, a, b, s);
    /* From here on nothing is written: the lemmas read the bytes back. */
    index_words(out, a, b, s, n);
    index_is(out, a, b, s, n);
    data_is(d, a, b, s, il);
    /*@ assert RpmData(out) == d; */
    data_ok(out, d, (uint8_t *)dsa, (uint8_t *)rsa, (uint8_t *)hex, a, b, s, il);
    return total;
}
