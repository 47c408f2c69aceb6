/* outcome.c -- the receiver's result, judged (see outcome.h). */
#include "outcome.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "result.h"

/* What the user is told for the errno values the receiver documents. */
static const char *explain(uint32_t code)
{
    switch (code) {
    case EEXIST:
        return "a file of that name already exists on the receiving side; nothing was overwritten";
    case EINVAL:
        return "the receiver rejected a malformed entry header";
    case EILSEQ:
        return "the receiver rejected a file name";
    case ENOLINK:
        return "the receiver refused a link or special file";
    case EDQUOT:
        return "too many files or bytes for the receiver's limits or quota";
    case EREMOTEIO:
        return "the receiver saw the stream end before its end marker";
    case ENOSPC:
        return "no space left on the receiving side";
    case EACCES:
        return "dom0 refused this qube: it is not the UpdateVM dom0's receiver is configured for";
    case ESTALE:
        return "dom0 refused a package older than one it has installed or published "
               "(rollback protection; a downgrade is asked for in dom0)";
    case EBADR:
        return "dom0 refused the call: qrexec's service descriptor was malformed or not for qubes.ReceiveUpdates";
    default:
        return NULL;
    }
}

/* Append "; last file: NAME" with anything but printable ASCII escaped. */
static void append_name(const uint8_t *name, uint32_t len, char *msg, size_t cap)
{
    size_t o = strlen(msg);
    uint32_t i;

    if (len == 0 || cap - o < 16)
        return;
    o += (size_t)snprintf(msg + o, cap - o, "; last file: ");
    for (i = 0; i < len && o < cap && cap - o > 5; i++) {
        if (name[i] >= 0x20 && name[i] < 0x7f && name[i] != '\\')
            msg[o++] = (char)name[i];
        else
            o += (size_t)snprintf(msg + o, cap - o, "\\x%02x", name[i]);
    }
    msg[o < cap ? o : cap - 1] = 0;
}

static int remote_error(const struct al_result *r, const uint8_t *buf,
                        char *msg, size_t cap)
{
    const char *why = explain(r->code);

    if (why != NULL)
        snprintf(msg, cap, "receiver failed: %s (%s)", why,
                 strerrorname_np((int)r->code));
    else
        snprintf(msg, cap, "receiver failed: %s (error %u)",
                 strerror((int)r->code), r->code);
    append_name(buf + r->name_off, r->name_len, msg, cap);
    return AS_EXIT_REMOTE;
}

int as_outcome(const uint8_t *buf, size_t len, uint32_t crc_sent, int complete,
               char *msg, size_t cap)
{
    struct al_result r;
    uint32_t err = al_result_decode(buf, len, &r);
    int rc = AS_EXIT_PROTOCOL;

    msg[0] = 0;
    if (len == 0)
        snprintf(msg, cap, "no result: the receiver ended without answering");
    else if (err != AL_OK)
        snprintf(msg, cap, "malformed result from the receiver (%zu bytes, "
                 "core error %u)", len, err);
    else if (r.code != 0)
        rc = remote_error(&r, buf, msg, cap);
    else if (!complete)
        snprintf(msg, cap, "receiver reported success before the stream was complete");
    else if (r.crc != crc_sent)
        snprintf(msg, cap, "CRC mismatch: sent 0x%08x, receiver computed 0x%08x",
                 crc_sent, r.crc);
    else
        rc = AS_EXIT_OK;
    return rc;
}
