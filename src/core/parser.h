/* parser.h -- the qfile push parser (FORMAT.md §2-§9). Proven core.
 *
 * The caller owns a struct al_parser and feeds it the stream in chunks of
 * any size. Each call of al_parser_feed() consumes a prefix of the chunk
 * and reports at most one event; the caller calls again with the rest of
 * the chunk (the returned count says how much was consumed). Events:
 *
 *   AL_EV_NONE   consumed bytes, nothing to report (or len was 0)
 *   AL_EV_ENTRY  an entry's header and name were accepted (§9) and counted
 *                against the limits (§7); its data follows
 *   AL_EV_DATA   buf[data_off .. data_off + data_len) is data of the
 *                current entry
 *   AL_EV_DONE   the current entry's data is complete (consumes nothing)
 *   AL_EV_END    the end marker (§4); nothing more may follow
 *   AL_EV_ERROR  the stream is rejected; ev->error says why. Sticky: every
 *                later call reports the same error
 *
 * Each call either consumes at least one byte, or reports an event other
 * than AL_EV_NONE, or was given len == 0; so a caller looping while bytes
 * remain always terminates. At end of input the caller calls
 * al_parser_finish(), which rejects a stream without its end marker.
 *
 * What a call consumes is fixed by the state: of a header or a name, all
 * the bytes given or just those still missing (Take), stored in hdr or
 * name after the ones already there, which stay, each stored byte equal
 * to the byte of buf it was taken from; of data, all or just the
 * bytes still due, as one span starting at buf[0]; nothing in DONE (which
 * returns to HEADER), END and ERROR. A complete header is the end marker
 * or answers the error of HeaderErrorIs; a complete name answers the
 * error of EntryErrorIs (FORMAT.md §9's order), name_len being its length.
 * A call that consumes nothing lowers FeedRank, unless the parser is in
 * ERROR or was given no bytes outside DONE.
 */
#ifndef AIRLOCK_PARSER_H
#define AIRLOCK_PARSER_H

#include "entry.h"

#define AL_EV_NONE   0u
#define AL_EV_ENTRY  1u
#define AL_EV_DATA   2u
#define AL_EV_DONE   3u
#define AL_EV_END    4u
#define AL_EV_ERROR  5u

/* Parser states. */
#define AL_ST_HEADER 0u   /* reading a header; fill bytes of it so far   */
#define AL_ST_NAME   1u   /* reading a name; fill bytes of it so far     */
#define AL_ST_DATA   2u   /* data_left (> 0) data bytes still to come    */
#define AL_ST_DONE   3u   /* data complete, AL_EV_DONE not yet reported  */
#define AL_ST_END    4u   /* end marker seen                             */
#define AL_ST_ERROR  5u   /* rejected; error holds why                   */

struct al_event {
    uint32_t kind;
    uint32_t error;
    size_t data_off;
    size_t data_len;
};

struct al_parser {
    uint32_t policy;        /* AL_NAMES_*                                 */
    uint32_t state;         /* AL_ST_*                                    */
    uint32_t fill;          /* bytes buffered of the header or name       */
    uint32_t namelen;       /* current entry's namelen, once decoded      */
    uint32_t name_len;      /* length of the last complete name, no NUL   */
    uint32_t error;         /* AL_E_* once in AL_ST_ERROR                 */
    uint64_t data_left;     /* data bytes of the current entry to come    */
    struct al_limits lim;   /* limits and totals                          */
    uint8_t hdr[AL_HDR_SIZE];
    uint8_t name[AL_NAMELEN_MAX];
};

/*@ predicate ParserInv(struct al_parser *p) =
        (p->policy == AL_NAMES_RPM || p->policy == AL_NAMES_PORTABLE) &&
        LimitsInv(&p->lim) &&
        p->state <= AL_ST_ERROR &&
        p->name_len <= AL_NAME_MAX &&
        (p->state == AL_ST_HEADER ==> p->fill < AL_HDR_SIZE) &&
        (p->state == AL_ST_NAME ==>
            NamelenOk(HdrNamelen(&p->hdr[0])) &&
            p->namelen == HdrNamelen(&p->hdr[0]) && p->fill < p->namelen) &&
        ((p->state == AL_ST_DATA || p->state == AL_ST_DONE) ==>
            EntryWellFormed(&p->hdr[0], &p->name[0], p->policy) &&
            p->namelen == HdrNamelen(&p->hdr[0]) &&
            p->data_left <= HdrFilelen(&p->hdr[0])) &&
        ((p->state == AL_ST_DATA || p->state == AL_ST_DONE) ==> p->fill == 0) &&
        (p->state == AL_ST_DATA ==> p->data_left > 0) &&
        (p->state == AL_ST_DONE ==> p->data_left == 0) &&
        (p->state == AL_ST_END ==> IsEndMarker(&p->hdr[0])) &&
        (p->state == AL_ST_ERROR ==> IsError(p->error));

    // The bytes a call takes of the len it is given when `missing` more
    // complete the header, the name or the data: all, or what is missing.
    logic integer Take(integer len, integer missing) =
        len < missing ? len : missing;

    // A rank of the state. A call that consumes nothing, from any state
    // but ERROR, though bytes were given or the state is DONE, lowers it:
    // a caller sees at most two events without progress (DONE; the error
    // for bytes after the end marker) before it has to give more bytes or
    // the stream has failed.
    logic integer FeedRank(integer state) =
        state == AL_ST_DONE ? 2 : state == AL_ST_END ? 1 : 0;

    predicate SameConfig{L1, L2}(struct al_parser *p) =
        \at(p->policy, L1) == \at(p->policy, L2) &&
        \at(p->lim.max_files, L1) == \at(p->lim.max_files, L2) &&
        \at(p->lim.max_bytes, L1) == \at(p->lim.max_bytes, L2);
 */

/* Start a parser: name policy, at most max_files files and max_bytes data
 * bytes in all. Requires: p writable, a known policy. */
/*@ requires valid_p: \valid(p);
    requires policy: policy == AL_NAMES_RPM || policy == AL_NAMES_PORTABLE;
    assigns *p;
    ensures inv: ParserInv(p);
    ensures state: p->state == AL_ST_HEADER && p->fill == 0;
    ensures config: p->policy == policy && p->lim.max_files == max_files &&
                    p->lim.max_bytes == max_bytes;
    ensures totals: p->lim.files == 0 && p->lim.bytes == 0;
 */
void al_parser_init(struct al_parser *p, uint32_t policy,
                    uint64_t max_files, uint64_t max_bytes);

/* Feed the len bytes at buf; report at most one event in *ev; answer the
 * number of bytes consumed. Requires: a parser in its invariant, the len
 * bytes readable, *ev writable, and the three apart. */
/*@ requires valid_p: \valid(p);
    requires inv: ParserInv(p);
    requires valid_buf: \valid_read(buf + (0 .. len - 1));
    requires valid_ev: \valid(ev);
    requires sep: \separated(p, ev, buf + (0 .. len - 1));
    assigns *p, *ev;
    ensures inv: ParserInv(p);
    ensures config: SameConfig{Pre, Post}(p);
    ensures consumed: \result <= len;
    ensures progress: \result > 0 || ev->kind != AL_EV_NONE || len == 0;
    ensures kinds: ev->kind <= AL_EV_ERROR;
    ensures data_span:
      ev->kind == AL_EV_DATA ==>
        \old(p->state) == AL_ST_DATA && 0 < ev->data_len &&
        ev->data_len <= \old(p->data_left) &&
        ev->data_off + ev->data_len == \result &&
        p->data_left == \old(p->data_left) - ev->data_len;
    ensures no_data_otherwise:
      ev->kind != AL_EV_DATA ==> p->data_left == \old(p->data_left) ||
                                 ev->kind == AL_EV_ENTRY;
    ensures entry_accepted:
      ev->kind == AL_EV_ENTRY ==>
        \old(p->state) == AL_ST_NAME &&
        EntryOk(&p->hdr[0], &p->name[0], p->policy,
                \old(p->lim.files), \old(p->lim.bytes),
                p->lim.max_files, p->lim.max_bytes) &&
        p->lim.files == \old(p->lim.files) + 1 &&
        p->lim.bytes == \old(p->lim.bytes) + HdrFilelen(&p->hdr[0]) &&
        p->data_left == HdrFilelen(&p->hdr[0]);
    ensures entry_rejected:
      \old(p->state) == AL_ST_NAME && ev->kind == AL_EV_ERROR ==>
        !EntryOk(&p->hdr[0], &p->name[0], p->policy,
                 \old(p->lim.files), \old(p->lim.bytes),
                 p->lim.max_files, p->lim.max_bytes);
    ensures name_complete:
      \old(p->state) == AL_ST_NAME && p->state != AL_ST_NAME ==>
        ev->kind == AL_EV_ENTRY || ev->kind == AL_EV_ERROR;
    ensures header_rejected:
      \old(p->state) == AL_ST_HEADER && ev->kind == AL_EV_ERROR ==>
        IsBadEndMarker(&p->hdr[0]) ||
        (HdrNamelen(&p->hdr[0]) != 0 && !NamelenOk(HdrNamelen(&p->hdr[0])));
    ensures header_accepted:
      \old(p->state) == AL_ST_HEADER && p->state == AL_ST_NAME ==>
        NamelenOk(HdrNamelen(&p->hdr[0]));
    ensures end:
      ev->kind == AL_EV_END ==> p->state == AL_ST_END && IsEndMarker(&p->hdr[0]);
    ensures error: ev->kind == AL_EV_ERROR ==>
        p->state == AL_ST_ERROR && ev->error == p->error;
    ensures sticky_error: \old(p->state) == AL_ST_ERROR ==>
        p->state == AL_ST_ERROR && p->error == \old(p->error);
    ensures after_end: \old(p->state) == AL_ST_END && len > 0 ==>
        ev->kind == AL_EV_ERROR && p->error == AL_E_TRAILING;
    ensures name_len: ev->kind == AL_EV_ENTRY ==>
        p->name_len == HdrNamelen(&p->hdr[0]) - 1;
    ensures names_entry: \old(p->state) != AL_ST_ERROR &&
        ev->kind == AL_EV_ERROR && ErrorNamesEntry(ev->error) ==>
        \old(p->state) == AL_ST_NAME &&
        p->name_len == HdrNamelen(&p->hdr[0]) - 1;
    ensures rank: \result == 0 && \old(p->state) != AL_ST_ERROR &&
        (len > 0 || \old(p->state) == AL_ST_DONE) ==>
        FeedRank(p->state) < FeedRank(\old(p->state));
    behavior header:
      assumes p->state == AL_ST_HEADER;
      ensures consumed_exact: \result == Take(len, AL_HDR_SIZE - \old(p->fill));
      ensures kept: \forall integer k; 0 <= k < \old(p->fill) ==>
          p->hdr[k] == \old(p->hdr[k]);
      ensures copied: \forall integer k;
          \old(p->fill) <= k < \old(p->fill) + \result ==>
          p->hdr[k] == buf[k - \old(p->fill)];
      ensures partial: \old(p->fill) + \result < AL_HDR_SIZE ==>
          p->state == AL_ST_HEADER && p->fill == \old(p->fill) + \result &&
          ev->kind == AL_EV_NONE;
      ensures complete: \old(p->fill) + \result == AL_HDR_SIZE ==>
          p->fill == 0 && HeaderErrorIs(&p->hdr[0], ev->error) &&
          (IsEndMarker(&p->hdr[0]) ?
              ev->kind == AL_EV_END && p->state == AL_ST_END :
           ev->error != AL_OK ? ev->kind == AL_EV_ERROR :
              ev->kind == AL_EV_NONE && p->state == AL_ST_NAME);
    behavior name:
      assumes p->state == AL_ST_NAME;
      ensures consumed_exact: \result == Take(len, \old(p->namelen) - \old(p->fill));
      ensures kept: \forall integer k; 0 <= k < \old(p->fill) ==>
          p->name[k] == \old(p->name[k]);
      ensures copied: \forall integer k;
          \old(p->fill) <= k < \old(p->fill) + \result ==>
          p->name[k] == buf[k - \old(p->fill)];
      ensures partial: \old(p->fill) + \result < \old(p->namelen) ==>
          p->state == AL_ST_NAME && p->fill == \old(p->fill) + \result &&
          ev->kind == AL_EV_NONE;
      ensures complete: \old(p->fill) + \result == \old(p->namelen) ==>
          p->fill == 0 && p->name_len == \old(p->namelen) - 1 &&
          EntryErrorIs(&p->hdr[0], &p->name[0], p->policy,
                       \old(p->lim.files), \old(p->lim.bytes),
                       p->lim.max_files, p->lim.max_bytes, ev->error) &&
          (ev->error == AL_OK ? ev->kind == AL_EV_ENTRY : ev->kind == AL_EV_ERROR);
    behavior data:
      assumes p->state == AL_ST_DATA;
      ensures consumed_exact: \result == Take(len, \old(p->data_left));
      ensures span: len > 0 ==> ev->kind == AL_EV_DATA && ev->data_off == 0 &&
          ev->data_len == \result;
      ensures finished: len > 0 ==>
          (p->state == AL_ST_DONE <==> \result == \old(p->data_left));
      ensures idle: len == 0 ==> ev->kind == AL_EV_NONE && p->state == AL_ST_DATA;
    behavior done:
      assumes p->state == AL_ST_DONE;
      ensures next: \result == 0 && ev->kind == AL_EV_DONE &&
          p->state == AL_ST_HEADER && p->fill == 0;
    behavior end:
      assumes p->state == AL_ST_END;
      ensures terminal: \result == 0 &&
          (p->state == AL_ST_END || p->state == AL_ST_ERROR);
      ensures idle: len == 0 ==> p->state == AL_ST_END && ev->kind == AL_EV_NONE;
      ensures trailing: len > 0 ==> p->state == AL_ST_ERROR &&
          ev->kind == AL_EV_ERROR && ev->error == AL_E_TRAILING;
    behavior error:
      assumes p->state == AL_ST_ERROR;
      ensures terminal: \result == 0 && p->state == AL_ST_ERROR &&
          ev->kind == AL_EV_ERROR && ev->error == \old(p->error);
    complete behaviors;
    disjoint behaviors;
 */
size_t al_parser_feed(struct al_parser *p, const uint8_t *buf, size_t len,
                      struct al_event *ev);

/* End of input: AL_OK if the end marker was seen, else the stream is
 * rejected (AL_E_TRUNCATED, or the error already recorded).
 * Requires: a parser in its invariant. */
/*@ requires valid_p: \valid(p);
    requires inv: ParserInv(p);
    assigns p->state, p->error;
    ensures inv: ParserInv(p);
    behavior complete:
      assumes p->state == AL_ST_END;
      ensures \result == AL_OK && p->state == AL_ST_END;
    behavior failed:
      assumes p->state == AL_ST_ERROR;
      ensures \result == p->error && IsError(\result);
    behavior truncated:
      assumes p->state != AL_ST_END && p->state != AL_ST_ERROR;
      ensures \result == AL_E_TRUNCATED && p->state == AL_ST_ERROR;
    complete behaviors;
    disjoint behaviors;
 */
uint32_t al_parser_finish(struct al_parser *p);

#endif
