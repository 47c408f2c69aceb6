/* test_core.c -- table-driven unit tests of the proven core.
 *
 * Prints one line per test, "ok - NAME" or "not ok - NAME: reason", as the
 * runner tests/run expects. Every rule of spec/FORMAT.md has a must-accept
 * and a must-reject case; every stream is parsed in one chunk, in 1-byte
 * chunks and in uneven chunks, and the event traces must be identical.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "name.h"
#include "entry.h"
#include "parser.h"
#include "result.h"
#include "report.h"

/* ---- stream building ------------------------------------------------ */

struct buf {
    uint8_t b[1 << 16];
    size_t n;
};

static void put(struct buf *s, const void *p, size_t n)
{
    if (s->n + n > sizeof s->b)
        abort();
    memcpy(s->b + s->n, p, n);
    s->n += n;
}

static void put32(struct buf *s, uint32_t v)
{
    uint8_t t[4];
    al_put_le32(t, v);
    put(s, t, 4);
}

static void put64(struct buf *s, uint64_t v)
{
    uint8_t t[8];
    al_put_le64(t, v);
    put(s, t, 8);
}

struct hdr {
    uint32_t namelen, mode;
    uint64_t filelen;
    uint32_t atime, ansec, mtime, mnsec;
};

static void put_hdr(struct buf *s, const struct hdr *h)
{
    put32(s, h->namelen);
    put32(s, h->mode);
    put64(s, h->filelen);
    put32(s, h->atime);
    put32(s, h->ansec);
    put32(s, h->mtime);
    put32(s, h->mnsec);
}

/* A regular file entry with name (NUL added) and len data bytes 'a'+i. */
static void put_file(struct buf *s, const char *name, uint64_t len)
{
    struct hdr h = { (uint32_t)strlen(name) + 1, 0100644, len,
                     0x66000000, 0, 0x66000000, 0 };
    put_hdr(s, &h);
    put(s, name, strlen(name) + 1);
    for (uint64_t i = 0; i < len; i++) {
        uint8_t c = (uint8_t)('a' + i % 26);
        put(s, &c, 1);
    }
}

static void put_end(struct buf *s)
{
    static const uint8_t zero[32];
    put(s, zero, 32);
}

/* ---- parsing with a trace --------------------------------------------- */

struct run {
    char trace[8192];
    uint32_t final;     /* AL_OK or the error */
    size_t consumed;
    uint64_t data_sum;  /* sum of all data bytes seen, a content check */
};

static void trace_add(struct run *r, const char *s)
{
    strncat(r->trace, s, sizeof r->trace - strlen(r->trace) - 1);
}

/* Parse s in chunks: chunk 0 = all at once, k = k bytes at a time, and
 * chunk < 0 = uneven sizes 1, 2, 3, ... */
static void parse(const struct buf *s, long chunk, uint32_t policy,
                  uint64_t max_files, uint64_t max_bytes, struct run *r)
{
    struct al_parser p;
    struct al_event ev;
    size_t off = 0, step = 1;
    char t[400];
    int stop = 0;

    memset(r, 0, sizeof *r);
    al_parser_init(&p, policy, max_files, max_bytes);
    while (off < s->n && !stop) {
        size_t n = chunk == 0 ? s->n - off : chunk > 0 ? (size_t)chunk : step++;
        size_t pos = 0;
        if (n > s->n - off)
            n = s->n - off;
        for (;;) {
            size_t used = al_parser_feed(&p, s->b + off + pos, n - pos, &ev);
            switch (ev.kind) {
            case AL_EV_ENTRY:
                snprintf(t, sizeof t, "E(%.*s,%llu)", (int)p.name_len, p.name,
                         (unsigned long long)p.data_left);
                trace_add(r, t);
                break;
            case AL_EV_DATA:
                /* spans are merged in the trace so chunking does not show */
                for (size_t i = 0; i < ev.data_len; i++)
                    r->data_sum += s->b[off + pos + ev.data_off + i];
                break;
            case AL_EV_DONE: trace_add(r, "F"); break;
            case AL_EV_END: trace_add(r, "END"); break;
            case AL_EV_ERROR:
                snprintf(t, sizeof t, "ERR(%u)", ev.error);
                trace_add(r, t);
                break;
            }
            pos += used;
            if (ev.kind == AL_EV_ERROR || ev.kind == AL_EV_END) {
                stop = 1;
                /* the shell stops at the end marker: feed the rest to see
                 * trailing bytes rejected, as a caller that keeps reading
                 * the same buffer would */
                if (ev.kind == AL_EV_END && off + pos < s->n) {
                    al_parser_feed(&p, s->b + off + pos, s->n - off - pos, &ev);
                    snprintf(t, sizeof t, "ERR(%u)", ev.error);
                    trace_add(r, t);
                }
                break;
            }
            if (pos == n && ev.kind != AL_EV_DONE)
                break;
        }
        off += pos;
    }
    r->consumed = off;
    r->final = al_parser_finish(&p);
}

/* Parse at several chunkings; all traces must agree. Returns the one-chunk
 * run in *out. */
static int parse_all(const char *name, const struct buf *s, uint32_t policy,
                     uint64_t max_files, uint64_t max_bytes, struct run *out)
{
    static const long chunks[] = { 1, 2, 3, 7, 31, 32, 33, -1 };
    struct run r;
    char what[20000];
    int ok = 1;

    parse(s, 0, policy, max_files, max_bytes, out);
    for (size_t i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
        parse(s, chunks[i], policy, max_files, max_bytes, &r);
        if (strcmp(r.trace, out->trace) != 0 || r.final != out->final ||
            r.data_sum != out->data_sum) {
            snprintf(what, sizeof what, "chunk %ld gives %s, one chunk %s",
                     chunks[i], r.trace, out->trace);
            report(0, name, what);
            ok = 0;
            break;
        }
    }
    return ok;
}

/* expect: the full event trace and the final code. */
static void must(const char *name, const struct buf *s, uint32_t policy,
                 uint64_t max_files, uint64_t max_bytes,
                 const char *trace, uint32_t final)
{
    struct run r;
    char what[20000];

    if (!parse_all(name, s, policy, max_files, max_bytes, &r))
        return;
    if (strcmp(r.trace, trace) != 0 || r.final != final) {
        snprintf(what, sizeof what, "got %s final %u, want %s final %u",
                 r.trace, r.final, trace, final);
        report(0, name, what);
        return;
    }
    report(1, name, "");
}

#define RPM AL_NAMES_RPM
#define PORT AL_NAMES_PORTABLE
#define BIG UINT64_MAX

/* ---- tests ------------------------------------------------------------ */

static void test_le(void)
{
    static const uint8_t b[8] = { 0x78, 0x56, 0x34, 0x12, 0xf0, 0xde, 0xbc, 0x9a };
    uint8_t o[8];
    report(al_le32(b) == 0x12345678u, "le32 decode", "wrong value");
    report(al_le64(b) == 0x9abcdef012345678ull, "le64 decode", "wrong value");
    al_put_le32(o, 0xfffffffeu);
    report(o[0] == 0xfe && o[1] == 0xff && o[2] == 0xff && o[3] == 0xff,
           "le32 encode", "wrong bytes");
    al_put_le64(o, 0x0102030405060708ull);
    report(o[0] == 8 && o[7] == 1 && al_le64(o) == 0x0102030405060708ull,
           "le64 encode round trip", "wrong bytes");
}

struct name_case {
    uint32_t policy;
    const char *name;
    int len;           /* -1: strlen */
    int valid;
};

static void test_names(void)
{
    static char n256[300], n255[300], n261[300];
    memset(n256, 'a', 256); memcpy(n256 + 256, ".rpm", 5);   /* 260 */
    memset(n261, 'a', 257); memcpy(n261 + 257, ".rpm", 5);   /* 261 */
    memset(n255, 'x', 255); n255[255] = 0;
    static char n256p[300];
    memset(n256p, 'x', 256); n256p[256] = 0;
    const struct name_case cases[] = {
        { RPM, "a.rpm", -1, 1 },
        { RPM, "bash-5.2.15-2.fc39.x86_64.rpm", -1, 1 },
        { RPM, "x_+^~-.Y.rpm", -1, 1 },
        { RPM, "0.rpm", -1, 1 },
        { RPM, n256, -1, 1 },           /* longest: 260 bytes */
        { RPM, n261, -1, 0 },           /* one too long */
        { RPM, ".rpm", -1, 0 },         /* no first character */
        { RPM, "-a.rpm", -1, 0 },       /* first not alnum */
        { RPM, ".a.rpm", -1, 0 },
        { RPM, "a.RPM", -1, 0 },        /* suffix is case sensitive */
        { RPM, "a.rpm.txt", -1, 0 },
        { RPM, "a rpm.rpm", -1, 0 },    /* space */
        { RPM, "a/b.rpm", -1, 0 },      /* slash */
        { RPM, "a\x80.rpm", -1, 0 },    /* high byte */
        { RPM, "a\0b.rpm", 7, 0 },      /* NUL inside */
        { RPM, "", -1, 0 },
        { PORT, "a", -1, 1 },
        { PORT, "hello world ~!.txt", -1, 1 },
        { PORT, "...", -1, 1 },
        { PORT, ".a", -1, 1 },
        { PORT, n255, -1, 1 },          /* longest: 255 bytes */
        { PORT, n256p, -1, 0 },         /* one too long */
        { PORT, "", -1, 0 },
        { PORT, ".", -1, 0 },
        { PORT, "..", -1, 0 },
        { PORT, "a/b", -1, 0 },
        { PORT, "/", -1, 0 },
        { PORT, "tab\there", -1, 0 },
        { PORT, "del\x7f", -1, 0 },
        { PORT, "nul\0x", 5, 0 },
        { PORT, "hi\xff", -1, 0 },
    };
    char tname[400];

    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct name_case *c = &cases[i];
        uint32_t len = c->len < 0 ? (uint32_t)strlen(c->name) : (uint32_t)c->len;
        int got = al_name_allowed(c->policy, (const uint8_t *)c->name, len);
        snprintf(tname, sizeof tname, "%s policy must %s name #%zu '%.40s'",
                 c->policy == RPM ? "rpm" : "portable",
                 c->valid ? "accept" : "reject", i, c->name);
        report(got == c->valid, tname, "wrong verdict");
    }
}

static void test_golden(void)
{
    static const uint8_t want_stream[42] = {
        0x06, 0, 0, 0, 0xa4, 0x81, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0x66, 0, 0, 0, 0, 0, 0, 0, 0x66, 0, 0, 0, 0,
        'a', '.', 'r', 'p', 'm', 0, 'a', 'b', 'c', 'd' };
    static const uint8_t want_result[25] = {
        0, 0, 0, 0, 0, 0, 0, 0, 0x63, 0x8b, 0x73, 0x89, 0, 0, 0, 0,
        5, 0, 0, 0, 'a', '.', 'r', 'p', 'm' };
    struct buf s = { .n = 0 };
    struct run r;
    uint8_t out[64];
    struct al_parser p;
    struct al_event ev;

    put(&s, want_stream, sizeof want_stream);
    put_end(&s);
    report(s.n == 74, "golden stream is 74 bytes", "wrong size");
    must("golden example parses", &s, RPM, 4096, BIG, "E(a.rpm,4)FEND", AL_OK);
    parse(&s, 0, RPM, 4096, BIG, &r);
    report(r.data_sum == 'a' + 'b' + 'c' + 'd', "golden data span is abcd",
           "wrong data");
    /* the name of the last file is kept for the success result */
    al_parser_init(&p, RPM, 4096, BIG);
    size_t off = 0;
    while (off < s.n) {
        off += al_parser_feed(&p, s.b + off, s.n - off, &ev);
        if (ev.kind == AL_EV_END)
            break;
    }
    size_t n = al_result_encode(out, sizeof out, 0, 0x89738b63u, 1,
                                p.name, p.name_len);
    report(n == 25 && memcmp(out, want_result, 25) == 0,
           "golden result encoded byte for byte", "bytes differ");
    n = al_result_encode(out, sizeof out, 0, 0x89738b63u, 0, p.name, 0);
    report(n == 16 && memcmp(out, want_result, 16) == 0,
           "golden result header without extension", "bytes differ");
    report(al_result_encode(out, 24, 0, 0, 1, p.name, p.name_len) == 0,
           "result encoder refuses a buffer one byte short", "wrote anyway");
    report(al_result_encode(out, 15, 0, 0, 0, p.name, 0) == 0,
           "result encoder refuses a 15-byte buffer", "wrote anyway");
}

static void test_stream_rules(void)
{
    struct buf s;
    struct hdr h;

    /* §4 end marker */
    s.n = 0; put_end(&s);
    must("empty batch: end marker only", &s, RPM, 4096, BIG, "END", AL_OK);
    s.n = 0;
    must("empty input is truncated", &s, RPM, 4096, BIG, "", AL_E_TRUNCATED);
    for (int i = 4; i < 32; i += 4) {
        char tn[80];
        s.n = 0; put_end(&s); s.b[i] = 1;
        snprintf(tn, sizeof tn, "end marker with byte %d set is rejected", i);
        must(tn, &s, RPM, 4096, BIG, "ERR(6)", AL_E_END_MARKER);
    }
    s.n = 0; put_file(&s, "a.rpm", 3); put_end(&s); put(&s, "x", 1);
    must("byte after end marker is rejected", &s, RPM, 4096, BIG,
         "E(a.rpm,3)FENDERR(9)", AL_E_TRAILING);
    s.n = 0; put_file(&s, "a.rpm", 3); put(&s, "\0\0\0", 3);
    must("partial end marker is truncated", &s, RPM, 4096, BIG,
         "E(a.rpm,3)F", AL_E_TRUNCATED);

    /* several files, zero-length file */
    s.n = 0; put_file(&s, "a.rpm", 0); put_file(&s, "b.rpm", 100);
    put_file(&s, "c.rpm", 1); put_end(&s);
    must("three files including an empty one", &s, RPM, 4096, BIG,
         "E(a.rpm,0)FE(b.rpm,100)FE(c.rpm,1)FEND", AL_OK);

    /* §3 namelen */
    const uint32_t bad_namelens[] = { 1, 262, 0x7fffffffu, 0xffffffffu };
    for (size_t i = 0; i < 4; i++) {
        char tn[80];
        s.n = 0;
        h = (struct hdr){ bad_namelens[i], 0100644, 0, 0, 0, 0, 0 };
        put_hdr(&s, &h); put(&s, "a.rpm", 6); put_end(&s);
        snprintf(tn, sizeof tn, "namelen %u is rejected", bad_namelens[i]);
        must(tn, &s, RPM, 4096, BIG, "ERR(1)", AL_E_NAMELEN);
    }
    s.n = 0; h = (struct hdr){ 5, 0100644, 0, 0, 0, 0, 0 };
    put_hdr(&s, &h); put(&s, "a.rpm", 5); put_end(&s);
    must("namelen too short: no NUL at the end", &s, RPM, 4096, BIG,
         "ERR(2)", AL_E_NAME_NUL);
    s.n = 0; h = (struct hdr){ 8, 0100644, 0, 0, 0, 0, 0 };
    put_hdr(&s, &h); put(&s, "a.rpm\0\0\0", 8); put_end(&s);
    must("namelen too long: name cut by an early NUL", &s, RPM, 4096, BIG,
         "ERR(2)", AL_E_NAME_NUL);
    s.n = 0; h = (struct hdr){ 2, 0100644, 0, 0, 0, 0, 0 };
    put_hdr(&s, &h); put(&s, "a", 2); put_end(&s);
    must("namelen 2 accepted under portable", &s, PORT, 4096, BIG,
         "E(a,0)FEND", AL_OK);
    s.n = 0; put_file(&s, "a", 1); put_end(&s);
    must("name breaking the rpm policy", &s, RPM, 4096, BIG,
         "ERR(3)", AL_E_NAME_POLICY);
    s.n = 0; put_file(&s, "..", 1); put_end(&s);
    must("name .. breaking the portable policy", &s, PORT, 4096, BIG,
         "ERR(3)", AL_E_NAME_POLICY);

    /* §5 mode */
    const struct { uint32_t mode; uint32_t err; const char *what; } modes[] = {
        { 0100000, AL_OK, "mode 0100000 accepted" },
        { 0107777, AL_OK, "mode 0107777 accepted" },
        { 0104755, AL_OK, "setuid mode accepted by the parser" },
        { 0040755, AL_E_MODE, "directory mode rejected" },
        { 0120777, AL_E_MODE, "symlink mode rejected" },
        { 0060644, AL_E_MODE, "block device mode rejected" },
        { 0010644, AL_E_MODE, "fifo mode rejected" },
        { 0000644, AL_E_MODE, "mode without type rejected" },
        { 0300644, AL_E_MODE, "mode with bit above 0177777 rejected" },
        { 0xffffffffu, AL_E_MODE, "mode 0xffffffff rejected" },
    };
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        s.n = 0;
        h = (struct hdr){ 6, modes[i].mode, 0, 0, 0, 0, 0 };
        put_hdr(&s, &h); put(&s, "a.rpm", 6); put_end(&s);
        must(modes[i].what, &s, RPM, 4096, BIG,
             modes[i].err ? "ERR(4)" : "E(a.rpm,0)FEND", modes[i].err);
    }

    /* §6 nanoseconds */
    const struct { uint32_t an, mn, err; const char *what; } ns[] = {
        { 999999999u, 999999999u, AL_OK, "nsec 999999999 accepted" },
        { 1000000000u, 0, AL_E_NSEC, "atime nsec 1000000000 rejected" },
        { 0, 1000000000u, AL_E_NSEC, "mtime nsec 1000000000 rejected" },
        { 0xffffffffu, 0, AL_E_NSEC, "atime nsec 0xffffffff rejected" },
    };
    for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
        s.n = 0;
        h = (struct hdr){ 6, 0100644, 0, 1, ns[i].an, 2, ns[i].mn };
        put_hdr(&s, &h); put(&s, "a.rpm", 6); put_end(&s);
        must(ns[i].what, &s, RPM, 4096, BIG,
             ns[i].err ? "ERR(5)" : "E(a.rpm,0)FEND", ns[i].err);
    }

    /* truncation inside each part of an entry */
    struct buf full = { .n = 0 };
    put_file(&full, "a.rpm", 10); put_end(&full);
    int trunc_ok = 1;
    for (size_t cut = 0; cut < full.n; cut++) {
        struct run r;
        s.n = 0; put(&s, full.b, cut);
        parse(&s, 1, RPM, 4096, BIG, &r);
        if (r.final != AL_E_TRUNCATED)
            trunc_ok = 0;
    }
    report(trunc_ok, "truncation at every offset is AL_E_TRUNCATED",
           "a truncated stream was accepted");

    /* an error is sticky */
    struct al_parser p;
    struct al_event ev;
    s.n = 0; put_file(&s, "a", 0);
    al_parser_init(&p, RPM, 10, 10);
    al_parser_feed(&p, s.b, 32, &ev);
    al_parser_feed(&p, s.b + 32, 2, &ev);
    size_t u = al_parser_feed(&p, s.b, 32, &ev);
    report(ev.kind == AL_EV_ERROR && ev.error == AL_E_NAME_POLICY && u == 0 &&
           al_parser_finish(&p) == AL_E_NAME_POLICY,
           "errors are sticky", "parser went on after an error");
}

static void test_limits(void)
{
    struct buf s;
    char want[200];

    /* max_files: exactly at the limit, and one past */
    s.n = 0; put_file(&s, "a.rpm", 1); put_file(&s, "b.rpm", 1); put_end(&s);
    must("max_files 2 with 2 files", &s, RPM, 2, BIG,
         "E(a.rpm,1)FE(b.rpm,1)FEND", AL_OK);
    must("max_files 1 with 2 files: second rejected from its header", &s,
         RPM, 1, BIG, "E(a.rpm,1)FERR(7)", AL_E_FILES);
    s.n = 0; put_end(&s);
    must("max_files 0 accepts only the empty batch", &s, RPM, 0, 0, "END", AL_OK);
    s.n = 0; put_file(&s, "a.rpm", 0); put_end(&s);
    must("max_files 0 is not unlimited", &s, RPM, 0, BIG, "ERR(7)", AL_E_FILES);

    /* max_bytes: cumulative, exactly at the limit, and one past */
    s.n = 0; put_file(&s, "a.rpm", 10); put_file(&s, "b.rpm", 20); put_end(&s);
    must("max_bytes 30 with 10+20 bytes", &s, RPM, 4096, 30,
         "E(a.rpm,10)FE(b.rpm,20)FEND", AL_OK);
    must("max_bytes 29 with 10+20 bytes: second rejected from its header", &s,
         RPM, 4096, 29, "E(a.rpm,10)FERR(8)", AL_E_BYTES);
    must("max_bytes 9: first rejected before any data", &s, RPM, 4096, 9,
         "ERR(8)", AL_E_BYTES);
    s.n = 0; put_file(&s, "a.rpm", 0); put_end(&s);
    must("max_bytes 0 admits an empty file", &s, RPM, 4096, 0,
         "E(a.rpm,0)FEND", AL_OK);
    /* a huge declared size is refused from its header alone */
    s.n = 0;
    struct hdr h = { 6, 0100644, UINT64_MAX, 0, 0, 0, 0 };
    put_hdr(&s, &h); put(&s, "a.rpm", 6); put(&s, "abc", 3);
    snprintf(want, sizeof want, "ERR(%u)", AL_E_BYTES);
    must("filelen 2^64-1 rejected without reading data", &s, RPM, 4096,
         UINT64_MAX - 1, want, AL_E_BYTES);
    /* the limit check is exact even near 2^64 */
    s.n = 0; put_hdr(&s, &h); put(&s, "a.rpm", 6);
    struct run r;
    parse(&s, 0, RPM, 4096, UINT64_MAX, &r);
    report(strcmp(r.trace, "E(a.rpm,18446744073709551615)") == 0,
           "filelen 2^64-1 admitted when max_bytes is 2^64-1", r.trace);
}

static void test_result_decode(void)
{
    uint8_t b[64];
    struct al_result r;
    size_t n = al_result_encode(b, sizeof b, 5, 0x12345678u, 1,
                                (const uint8_t *)"x.rpm", 5);
    report(al_result_decode(b, n, &r) == AL_OK && r.code == 5 &&
           r.crc == 0x12345678u && r.has_ext == 1 && r.name_len == 5 &&
           memcmp(b + r.name_off, "x.rpm", 5) == 0,
           "result round trip with extension", "decode differs");
    report(al_result_decode(b, 16, &r) == AL_OK && r.has_ext == 0 &&
           r.code == 5, "result without extension decodes", "rejected");
    report(al_result_decode(b, 15, &r) == AL_E_RES_SHORT,
           "15-byte result is short", "accepted");
    report(al_result_decode(b, 19, &r) == AL_E_RES_EXT,
           "19-byte result has a cut extension", "accepted");
    report(al_result_decode(b, n - 1, &r) == AL_E_RES_EXT,
           "extension one byte short is rejected", "accepted");
    b[4] = 1;
    report(al_result_decode(b, n, &r) == AL_E_RES_PAD,
           "non-zero pad is rejected", "accepted");
    b[4] = 0; b[12] = 1;
    report(al_result_decode(b, n, &r) == AL_E_RES_PAD,
           "non-zero CRC high half is rejected", "accepted");
}

int main(void)
{
    test_le();
    test_names();
    test_golden();
    test_stream_rules();
    test_limits();
    test_result_decode();
    return failures ? 1 : 0;
}
