/* errmap.h -- the core's AL_E_* codes as errno values and reasons.
 *
 * The result header carries an errno value (FACTS §1); the core reports
 * stable AL_E_* codes (src/core/qfile.h). This is the one place that maps
 * them. The table, also printed by `airlock-unpack --help`:
 *
 *   AL_E_NAMELEN      namelen outside 2..261            EINVAL
 *   AL_E_NAME_NUL     name not ended by exactly one NUL EILSEQ
 *   AL_E_NAME_POLICY  name breaks the --names policy    EILSEQ
 *   AL_E_MODE         not a regular file / bad mode     EINVAL
 *   AL_E_NSEC         nanoseconds above 999999999       EINVAL
 *   AL_E_END_MARKER   namelen 0 but other bytes set     EINVAL
 *   AL_E_FILES        one file past --max-files         EDQUOT
 *   AL_E_BYTES        file would cross --max-bytes      EDQUOT
 *   AL_E_TRAILING     bytes after the end marker        EINVAL
 *   AL_E_TRUNCATED    input ended before the end marker EREMOTEIO
 *
 * Errors of the operating system (ENOSPC, EDQUOT, EIO, ...) and EEXIST for
 * a name already present in DIR are passed through unchanged.
 */
#ifndef AIRLOCK_ERRMAP_H
#define AIRLOCK_ERRMAP_H

#include <stdint.h>

/* The errno value sent for the core error code up_error (AL_E_*); EPROTO
 * for a code this table does not know. */
int up_errno_of(uint32_t up_error);

/* A short reason for the core error code up_error, for one stderr line. */
const char *up_reason_of(uint32_t up_error);

/* The errno mapping table above, as text for --help. */
extern const char up_errmap_help[];

#endif
