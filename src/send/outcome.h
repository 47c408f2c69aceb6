/* outcome.h -- what airlock-send makes of the receiver's result.
 *
 * Pure functions over bytes (no I/O), callable from a fuzz harness: the
 * result is decoded by the core's al_result_decode (src/core/result.h),
 * the CRC compared, and one message line produced.
 */
#ifndef AIRLOCK_OUTCOME_H
#define AIRLOCK_OUTCOME_H

#include <stddef.h>
#include <stdint.h>

/* Exit statuses of airlock-send (also in --help). */
#define AS_EXIT_OK        0  /* receiver stored everything, CRC matches        */
#define AS_EXIT_REMOTE    1  /* receiver reported an error                      */
#define AS_EXIT_USAGE     2  /* bad command line or input refused; nothing sent */
#define AS_EXIT_LOCAL     3  /* reading a file or writing the stream failed     */
#define AS_EXIT_PROTOCOL  4  /* no result, malformed result, CRC mismatch       */

/* Judge the len result bytes at buf for a stream whose CRC was crc_sent;
 * complete is 1 when the whole stream (end marker included) was written.
 * Writes one message line (no program name, no newline; empty on success)
 * into msg[0 .. cap) and answers an AS_EXIT_* status. */
int as_outcome(const uint8_t *buf, size_t len, uint32_t crc_sent, int complete,
               char *msg, size_t cap);

#endif
