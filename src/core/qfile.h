/* qfile.h -- constants and error codes of the qfile format (spec/FORMAT.md).
 *
 * Part of airlock's proven core: no I/O, no allocation, no recursion, no
 * function pointers. Every function of the core is proved by `make prove`
 * against the predicates of spec/qfile.acsl, included here.
 */
#ifndef AIRLOCK_QFILE_H
#define AIRLOCK_QFILE_H

#include <stddef.h>
#include <stdint.h>

#include "qfile.acsl"

/* §2 entry header size; §10 result header size and extension offset. */
#define AL_HDR_SIZE        32u
#define AL_RESULT_SIZE     16u
#define AL_RESULT_EXT_SIZE 20u

/* §3: namelen counts the name plus its NUL; 2 <= namelen <= 261. */
#define AL_NAMELEN_MIN     2u
#define AL_NAMELEN_MAX     261u
#define AL_NAME_MAX        (AL_NAMELEN_MAX - 1u)

/* §8: name policies. */
#define AL_NAMES_RPM       0u
#define AL_NAMES_PORTABLE  1u

/* Stable error codes (FORMAT.md §12). The shell maps them to errno values. */
#define AL_OK              0u  /* no error                                 */
#define AL_E_NAMELEN       1u  /* §3 namelen outside 2..261                */
#define AL_E_NAME_NUL      2u  /* §3 name not ended by exactly one NUL     */
#define AL_E_NAME_POLICY   3u  /* §8 name breaks the name policy           */
#define AL_E_MODE          4u  /* §5 not a regular file, or bits > 0177777 */
#define AL_E_NSEC          5u  /* §6 nanoseconds above 999999999           */
#define AL_E_END_MARKER    6u  /* §4 namelen 0 but other fields non-zero   */
#define AL_E_FILES         7u  /* §7 one file past max_files               */
#define AL_E_BYTES         8u  /* §7 file would cross max_bytes            */
#define AL_E_TRAILING      9u  /* §4 bytes after the end marker            */
#define AL_E_TRUNCATED    10u  /* §4 input ended before the end marker     */
#define AL_E_RES_SHORT    11u  /* §10 result shorter than 16 bytes         */
#define AL_E_RES_PAD      12u  /* §10 pad or high CRC bits non-zero        */
#define AL_E_RES_EXT      13u  /* §10 extension length does not match      */
#define AL_E_MAX          13u

/*@ predicate IsError(integer e) = 1 <= e <= 13; */

#endif
