/* receive.h -- the receive loop of airlock-unpack.
 *
 * up_receive() reads a qfile stream through a transport, lets the core's
 * push parser (src/core/parser.h) decide about every byte, stores each
 * accepted file in the already-open directory dirfd (store.h), and writes
 * the result (FACTS §1, encoded by the core's al_result_encode) through
 * the same transport right after the end marker or at the first error,
 * without waiting for end of input.
 *
 * It has no global state, never exits, prints nothing, and releases every
 * file descriptor and byte of memory it took on every path, so a harness
 * may call it many times in one process with a memory-backed transport and
 * a temporary directory. dirfd stays open and owned by the caller.
 */
#ifndef AIRLOCK_RECEIVE_H
#define AIRLOCK_RECEIVE_H

#include <stddef.h>
#include <stdint.h>

#include "qfile.h"
#include "transport.h"

/* Default read size: large reads, no 4 KiB copies. */
#define AL_RECV_BUFSIZE (1024u * 1024u)

struct up_recv_config {
    uint32_t policy;     /* AL_NAMES_RPM or AL_NAMES_PORTABLE */
    uint64_t max_files;  /* at most this many files ...        */
    uint64_t max_bytes;  /* ... and this many data bytes       */
    size_t bufsize;      /* read size; 0 means AL_RECV_BUFSIZE */
};

/* What happened. code is what the result header carried. */
struct up_recv_report {
    uint32_t code;        /* errno value sent, 0 on success                 */
    uint32_t up_error;    /* AL_E_* when the core rejected the stream, or 0 */
    const char *op;       /* failed OS operation when up_error is 0, or NULL */
    uint32_t crc;         /* CRC-32 of every byte consumed                   */
    uint64_t offset;      /* number of stream bytes consumed                 */
    uint64_t files;       /* files stored under their final name             */
    uint64_t bytes;       /* data bytes of those files                       */
    int name_is_entry;    /* 1: name is the failing entry; 0: the last one
                             stored (or empty) */
    uint32_t name_len;    /* name bytes, no NUL; may hold any byte value   */
    uint8_t name[AL_NAMELEN_MAX];
    int result_errno;     /* errno if the result could not be sent, or 0 */
};

/* Outcomes of up_receive(). */
#define AL_RECV_OK        0  /* stream complete, success result sent      */
#define AL_RECV_FAILED    1  /* rejected or failed, error result sent     */
#define AL_RECV_NO_RESULT 2  /* the result could not be sent (see report) */

/* Receive one stream into dirfd through t with the limits and policy of
 * cfg; fill *rep. Requires: dirfd an open directory, t's callbacks set,
 * cfg->policy a known policy. Answers AL_RECV_*. */
int up_receive(int dirfd, const struct up_transport *t,
               const struct up_recv_config *cfg, struct up_recv_report *rep);

/* Format the one stderr line describing *rep (without the program name or
 * newline) into out[0 .. cap). Names are printed with C-style escapes. */
void up_recv_describe(const struct up_recv_report *rep, char *out, size_t cap);

#endif
