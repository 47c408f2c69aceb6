/* probe.h -- test-only hook proving that the seccomp filter bites.
 *
 * Only build/test/airlock-unpack-seccomp-probe is compiled with
 * -DAL_SECCOMP_PROBE: right after the filter is installed it makes the
 * forbidden call named by the environment variable AIRLOCK_PROBE
 * ("socket", "open", "execve", "mkdir") and, if it survives, says so on
 * stderr and exits 99. The shipped airlock-unpack has no such code.
 */
#ifndef AIRLOCK_UNPACK_PROBE_H
#define AIRLOCK_UNPACK_PROBE_H

#ifdef AL_SECCOMP_PROBE
void up_probe_forbidden(int dirfd);
#else
static inline void up_probe_forbidden(int dirfd)
{
    (void)dirfd;
}
#endif

#endif
