/* stream.c -- airlock-send's side of the qfile stream (stream.h). */
#include "stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
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

/* Write the buffer as it is (its CRC already counted); the bytes flushed
 * count as written. */
static int as_out_flush_raw(struct as_out *o)
{
    size_t off = 0;
    ssize_t n;

    while (off < o->fill) {
        n = write(o->fd, o->buf + off, o->fill - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            o->err = n < 0 ? errno : EIO;
            return -1;
        }
        off += (size_t)n;
    }
    o->written += o->fill;
    o->fill = 0;
    return 0;
}

int as_out_flush(struct as_out *o)
{
    o->crc = crc32_gzip_refl(o->crc, o->buf, o->fill);
    return as_out_flush_raw(o);
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

/* Hand n bytes of fd at *off, already in the buffer, to the kernel with
 * sendfile from the file itself: that spares the copy of the buffer into
 * the output (a pipe or socket under qrexec). Where sendfile cannot write
 * to o->fd, the buffer is written instead. The CRC is of the bytes read:
 * a file changed between the read and the sendfile fails the receiver's
 * CRC comparison instead of being sent unnoticed. Answers 0, -1 (o->err) or
 * -2 (the file shrank, errno ENODATA), as as_send_file. */
static int send_read(struct as_out *o, int fd, off_t *off, size_t n)
{
    size_t done = 0;
    ssize_t k;

    while (!o->no_sendfile && done < n) {
        k = sendfile(o->fd, fd, off, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && done == 0 && (errno == EINVAL || errno == ENOSYS)) {
            o->no_sendfile = 1;
            break;
        }
        if (k == 0) {
            errno = ENODATA;   /* the file shrank while being sent */
            return -2;
        }
        if (k < 0) {
            o->err = errno;
            return -1;
        }
        done += (size_t)k;
    }
    o->fill = o->no_sendfile ? n : 0;
    if (o->no_sendfile && as_out_flush_raw(o) != 0)
        return -1;
    o->written += done;
    return 0;
}

/* Read left bytes of fd into the buffer a chunk at a time, for the CRC,
 * and send each (send_read). */
static int copy_data(struct as_out *o, int fd, uint64_t left)
{
    off_t off = 0;
    ssize_t n;
    int rc;

    if (o->fill > 0 && as_out_flush(o) != 0)
        return -1;
    while (left > 0) {
        n = pread(fd, o->buf, left < AS_OUT_BUFSIZE ? (size_t)left : AS_OUT_BUFSIZE, off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            if (n == 0)
                errno = ENODATA;   /* the file shrank while being sent */
            return -2;
        }
        o->crc = crc32_gzip_refl(o->crc, o->buf, (uint64_t)n);
        rc = send_read(o, fd, &off, (size_t)n);
        if (rc != 0)
            return rc;
        if (o->no_sendfile)
            off += n;
        left -= (uint64_t)n;
    }
    return 0;
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
