/* errmap.c -- the core's AL_E_* codes as errno values (see errmap.h). */
#include "errmap.h"

#include <errno.h>

#include "qfile.h"

struct errmap_row {
    int err;
    const char *reason;
};

/* Indexed by AL_E_*; row 0 is AL_OK. */
static const struct errmap_row errmap[] = {
    [AL_OK]            = { 0, "success" },
    [AL_E_NAMELEN]     = { EINVAL, "bad header: namelen outside 2..261" },
    [AL_E_NAME_NUL]    = { EILSEQ, "bad name: not ended by exactly one NUL" },
    [AL_E_NAME_POLICY] = { EILSEQ, "bad name: not allowed by the name policy" },
    [AL_E_MODE]        = { EINVAL, "bad header: not a regular file (mode)" },
    [AL_E_NSEC]        = { EINVAL, "bad header: nanoseconds above 999999999" },
    [AL_E_END_MARKER]  = { EINVAL, "bad header: namelen 0 but not all zero" },
    [AL_E_FILES]       = { EDQUOT, "limit: one file more than --max-files" },
    [AL_E_BYTES]       = { EDQUOT, "limit: file would cross --max-bytes" },
    [AL_E_TRAILING]    = { EINVAL, "bytes after the end marker" },
    [AL_E_TRUNCATED]   = { EREMOTEIO, "input ended before the end marker" },
};

#define ERRMAP_ROWS (sizeof(errmap) / sizeof(errmap[0]))

int up_errno_of(uint32_t up_error)
{
    if (up_error >= ERRMAP_ROWS)
        return EPROTO;
    return errmap[up_error].err;
}

const char *up_reason_of(uint32_t up_error)
{
    if (up_error >= ERRMAP_ROWS)
        return "unknown error";
    return errmap[up_error].reason;
}

const char up_errmap_help[] =
    "Result codes (errno values sent to the sender; stderr names the entry):\n"
    "  EILSEQ     bad name: NUL inside or missing, or breaks --names policy\n"
    "  EINVAL     bad header: namelen outside 2..261, not a regular file,\n"
    "             nanoseconds above 999999999, non-zero end marker, or\n"
    "             bytes after the end marker\n"
    "  EDQUOT     --max-files or --max-bytes exceeded (or the disk quota)\n"
    "  EREMOTEIO  input ended before the end marker\n"
    "  EEXIST     a file of that name already exists in DIR\n"
    "  other      an operating system error, passed through (ENOSPC, EIO...)\n";
