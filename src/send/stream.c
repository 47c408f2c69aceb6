/* stream.c -- airlock-send's side of the qfile stream (stream.h). */
#include "stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <isa-l/crc.h>

#include "le.h"
#include "qfile.h"

int as_out_init(struct as_out *o, int fd)
{
    memset(o, 0, sizeof(*o));
    o->fd = fd;
    o->crc = 0; /* CRC-32/ISO-HDLC of no bytes */
    o->buf = malloc(AS_OUT_BUFSIZE);
    return o->buf != NULL ? 0 : -1;
}

void as_out_free(struct as_out *o)
{
    free(o->buf);
    o->buf = NULL;
}

int as_out_flush(struct as_out *o)
{
    size_t off = 0;
    ssize_t n;
    int rc = -1;

    o->crc = crc32_gzip_refl(o->crc, o->buf, o->fill);
    while (off < o->fill) {
        n = write(o->fd, o->buf + off, o->fill - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            o->err = n < 0 ? errno : EIO;
            goto out;
        }
        off += (size_t)n;
    }
    o->written += o->fill;
    o->fill = 0;
    rc = 0;
out:
    return rc;
}

/* Append n (< AS_OUT_BUFSIZE) bytes, flushing first when they do not fit. */
static int put(struct as_out *o, const uint8_t *p, size_t n)
{
    int rc = 0;

    if (AS_OUT_BUFSIZE - o->fill < n)
        rc = as_out_flush(o);
    if (rc == 0) {
        memcpy(o->buf + o->fill, p, n);
        o->fill += n;
    }
    return rc;
}

/* §2: the 32-byte header of an entry. */
static void encode_header(uint8_t *h, uint32_t namelen, const struct stat *st)
{
    al_put_le32(h, namelen);
    al_put_le32(h + 4, (uint32_t)st->st_mode);
    al_put_le64(h + 8, (uint64_t)st->st_size);
    al_put_le32(h + 16, (uint32_t)st->st_atim.tv_sec);
    al_put_le32(h + 20, (uint32_t)st->st_atim.tv_nsec);
    al_put_le32(h + 24, (uint32_t)st->st_mtim.tv_sec);
    al_put_le32(h + 28, (uint32_t)st->st_mtim.tv_nsec);
}

/* Read left bytes of fd straight into the buffer, flushing as it fills. */
static int copy_data(struct as_out *o, int fd, uint64_t left)
{
    size_t room;
    ssize_t n;
    int rc = 0;

    while (left > 0 && rc == 0) {
        if (o->fill == AS_OUT_BUFSIZE && as_out_flush(o) != 0) {
            rc = -1;
            break;
        }
        room = AS_OUT_BUFSIZE - o->fill;
        n = read(fd, o->buf + o->fill, left < room ? (size_t)left : room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENODATA;   /* the file shrank while being sent */
            rc = -2;
            break;
        }
        o->fill += (size_t)n;
        left -= (uint64_t)n;
    }
    return rc;
}

int as_send_file(struct as_out *o, int fd, const struct stat *st, const char *name)
{
    uint8_t h[AL_HDR_SIZE];
    size_t namelen = strlen(name) + 1;
    int rc;

    encode_header(h, (uint32_t)namelen, st);
    rc = put(o, h, sizeof(h));
    if (rc == 0)
        rc = put(o, (const uint8_t *)name, namelen);
    if (rc == 0)
        rc = copy_data(o, fd, (uint64_t)st->st_size);
    return rc;
}

int as_send_end(struct as_out *o)
{
    static const uint8_t end[AL_HDR_SIZE];
    int rc = put(o, end, sizeof(end));

    if (rc == 0)
        rc = as_out_flush(o);
    return rc;
}
