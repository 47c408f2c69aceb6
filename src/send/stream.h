/* stream.h -- airlock-send's side of the qfile stream: entry headers
 * (encoded with the core's al_put_le32/al_put_le64), names, data, the end
 * marker, and the CRC-32 of every byte written.
 *
 * Headers are gathered in one large buffer and written in big writes; file
 * data is read into that buffer for the CRC, then sent from the file with
 * sendfile (written from the buffer where fd 1 takes no sendfile).
 */
#ifndef AIRLOCK_STREAM_H
#define AIRLOCK_STREAM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#define AS_OUT_BUFSIZE (1024u * 1024u)

struct as_out {
    int fd;
    uint8_t *buf;
    size_t fill;
    uint32_t crc;        /* CRC-32 of everything flushed          */
    uint64_t written;    /* bytes flushed                          */
    int err;             /* errno of the first failed write, or 0  */
    int no_sendfile;     /* fd 1 takes no sendfile: write buffers  */
};

/* Start writing to fd. Answers 0, or -1 (out of memory). */
int as_out_init(struct as_out *o, int fd);

/* Write what is buffered. Answers 0, or -1 with o->err set (EPIPE when
 * the receiver stopped reading). */
int as_out_flush(struct as_out *o);

/* Release the buffer (does not close fd). */
void as_out_free(struct as_out *o);

/* Send the open regular file fd, described by st (its size, mode and
 * times), as an entry called name. Answers 0; -1 when the stream failed
 * (o->err); -2 when reading the file failed or it shrank (errno set). */
int as_send_file(struct as_out *o, int fd, const struct stat *st, const char *name);

/* Append the end marker and flush. Answers 0 or -1 (o->err). */
int as_send_end(struct as_out *o);

#endif
