/* describe.c -- the one stderr line for a receive report (receive.h). */
#include "receive.h"

#include <stdio.h>
#include <string.h>

#include "errmap.h"

/* Copy name into out with C-style escapes for anything but printable
 * ASCII, so a hostile name cannot forge terminal output. */
static void escape_name(const uint8_t *name, uint32_t len, char *out, size_t cap)
{
    size_t o = 0;
    uint32_t i;

    for (i = 0; i < len && cap - o > 5; i++) {
        if (name[i] >= 0x20 && name[i] < 0x7f && name[i] != '\\') {
            out[o++] = (char)name[i];
        } else {
            snprintf(out + o, cap - o, "\\x%02x", name[i]);
            o += 4;
        }
    }
    out[o] = 0;
}

/* "'NAME'" for the failing entry, or where in the stream it failed. */
static void describe_where(const struct up_recv_report *rep, char *out, size_t cap)
{
    char name[4 * AL_NAME_MAX + 8];

    escape_name(rep->name, rep->name_len, name, sizeof(name));
    if (rep->name_is_entry)
        snprintf(out, cap, "'%s'", name);
    else if (rep->name_len > 0)
        snprintf(out, cap, "at byte %llu, after '%s'",
                 (unsigned long long)rep->offset, name);
    else
        snprintf(out, cap, "at byte %llu, before any file",
                 (unsigned long long)rep->offset);
}

void up_recv_describe(const struct up_recv_report *rep, char *out, size_t cap)
{
    char where[4 * AL_NAME_MAX + 64];
    const char *ename = strerrorname_np((int)rep->code);

    if (ename == NULL)
        ename = "?";
    if (rep->code == 0) {
        snprintf(out, cap, "received %llu files, %llu bytes",
                 (unsigned long long)rep->files, (unsigned long long)rep->bytes);
    } else if (rep->up_error != 0) {
        describe_where(rep, where, sizeof(where));
        snprintf(out, cap, "%s: %s (%s)", where, up_reason_of(rep->up_error),
                 ename);
    } else {
        describe_where(rep, where, sizeof(where));
        snprintf(out, cap, "%s: %s: %s (%s)", where, rep->op ? rep->op : "?",
                 strerror((int)rep->code), ename);
    }
}
