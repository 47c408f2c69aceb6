/* receive.c -- the receive loop of airlock-unpack (see receive.h).
 *
 * Every decision about the stream is the core's (al_parser_feed); this file
 * only moves bytes: transport -> buffer -> parser events -> files in DIR,
 * CRC over every consumed byte, and the result back through the transport.
 */
#include "receive.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <isa-l/crc.h>

#include "errmap.h"
#include "parser.h"
#include "result.h"
#include "store.h"

struct recv {
    int dirfd;
    const struct up_transport *t;
    struct al_parser p;
    struct up_store st;
    struct al_header hdr;   /* header of the open entry */
    int ended;              /* the end marker was seen  */
    int failed;             /* rep->code is set         */
    struct up_recv_report *rep;
};

static void set_name(struct up_recv_report *rep, const uint8_t *name,
                     uint32_t len, int is_entry)
{
    if (len > AL_NAME_MAX)
        len = AL_NAME_MAX;
    memcpy(rep->name, name, len);
    rep->name[len] = 0;
    rep->name_len = len;
    rep->name_is_entry = is_entry;
}

/* The core rejected the stream: name the entry when the error is about one
 * whose name is complete (al_error_names_entry; the parser's contract then
 * makes name_len that name's length), else keep the open or last entry. */
static void fail_core(struct recv *r, uint32_t up_error)
{
    struct up_recv_report *rep = r->rep;

    rep->up_error = up_error;
    rep->code = (uint32_t)up_errno_of(up_error);
    if (al_error_names_entry(up_error))
        set_name(rep, r->p.name, r->p.name_len, 1);
    else if (r->st.fd < 0)
        rep->name_is_entry = 0;
    r->failed = 1;
}

static void fail_os(struct recv *r, int err, const char *op)
{
    r->rep->code = (uint32_t)(err > 0 ? err : EIO);
    r->rep->op = op;
    r->failed = 1;
}

/* AL_EV_ENTRY: by al_parser_feed's contract, p.name holds the entry's
 * name bytes as they came in the stream, NameAllowed by the policy, and
 * p.name_len is their count (namelen - 1, no NUL). */
static void on_entry(struct recv *r)
{
    int err;

    al_header_decode(r->p.hdr, &r->hdr);
    set_name(r->rep, r->p.name, r->p.name_len, 1);
    err = up_store_open(&r->st, r->dirfd, (const char *)r->rep->name);
    if (err != 0)
        fail_os(r, err, r->st.op);
}

static void on_done(struct recv *r)
{
    int err = up_store_commit(&r->st, r->dirfd, (const char *)r->rep->name,
                              &r->hdr);

    if (err != 0) {
        fail_os(r, err, r->st.op);
        return;
    }
    r->rep->files++;
    r->rep->bytes += r->hdr.filelen;
    r->rep->name_is_entry = 0;
}

/* Act on one parser event; chunk is where the event's offsets point. */
static void on_event(struct recv *r, const uint8_t *chunk,
                     const struct al_event *ev)
{
    int err;

    if (ev->kind == AL_EV_ENTRY) {
        on_entry(r);
    } else if (ev->kind == AL_EV_DATA) {
        err = up_store_write(&r->st, chunk + ev->data_off, ev->data_len);
        if (err != 0)
            fail_os(r, err, r->st.op);
    } else if (ev->kind == AL_EV_DONE) {
        on_done(r);
    } else if (ev->kind == AL_EV_END) {
        r->ended = 1;
    } else if (ev->kind == AL_EV_ERROR) {
        fail_core(r, ev->error);
    }
}

/* Feed one chunk to the parser, event by event, until it is used up and
 * the parser has nothing more to report, or the stream failed. It stops on
 * what al_parser_feed's contract says, not on the parser's state: an event
 * may come without progress (a file whose last byte ended the chunk is
 * completed now, AL_EV_DONE, not at the next read), but such calls lower
 * the parser's rank, so the loop ends; with the chunk used up, a call
 * that reports AL_EV_NONE means nothing is pending. Bytes after the end
 * marker in the same chunk reach the parser, which rejects them (§4). */
static void feed_chunk(struct recv *r, const uint8_t *buf, size_t len)
{
    struct al_event ev;
    size_t off = 0;
    size_t used;

    do {
        used = al_parser_feed(&r->p, buf + off, len - off, &ev);
        r->rep->crc = crc32_gzip_refl(r->rep->crc, buf + off, used);
        r->rep->offset += used;
        on_event(r, buf + off, &ev);
        off += used;
    } while (!r->failed && (off < len || ev.kind != AL_EV_NONE));
}

/* Read and feed until the end marker, an error, or end of input. */
static void run(struct recv *r, uint8_t *buf, size_t bufsize)
{
    ssize_t n;

    while (!r->ended && !r->failed) {
        n = r->t->read(r->t->ctx, buf, bufsize);
        if (n < 0) {
            fail_os(r, errno, "read");
        } else if (n == 0) {
            if (al_parser_finish(&r->p) != AL_OK)
                fail_core(r, r->p.error);
        } else {
            feed_chunk(r, buf, (size_t)n);
        }
    }
}

static int send_result(struct recv *r)
{
    uint8_t out[AL_RESULT_EXT_SIZE + AL_NAME_MAX];
    struct up_recv_report *rep = r->rep;
    size_t n = al_result_encode(out, sizeof(out), rep->code, rep->crc, 1,
                                rep->name, rep->name_len);
    int rc = 0;

    if (r->t->write_all(r->t->ctx, out, n) != 0) {
        rep->result_errno = errno > 0 ? errno : EIO;
        rc = -1;
    }
    return rc;
}

int up_receive(int dirfd, const struct up_transport *t,
               const struct up_recv_config *cfg, struct up_recv_report *rep)
{
    struct recv r = { .dirfd = dirfd, .t = t, .st = { .fd = -1 }, .rep = rep };
    size_t bufsize = cfg->bufsize > 0 ? cfg->bufsize : AL_RECV_BUFSIZE;
    uint8_t *buf = malloc(bufsize);
    int rc = AL_RECV_NO_RESULT;

    memset(rep, 0, sizeof(*rep));
    rep->crc = 0; /* CRC-32/ISO-HDLC of no bytes */
    al_parser_init(&r.p, cfg->policy, cfg->max_files, cfg->max_bytes);
    if (buf == NULL)
        fail_os(&r, ENOMEM, "malloc");
    else
        run(&r, buf, bufsize);
    up_store_abort(&r.st);
    free(buf);
    if (send_result(&r) != 0)
        goto out;
    rc = r.failed ? AL_RECV_FAILED : AL_RECV_OK;
out:
    return rc;
}
