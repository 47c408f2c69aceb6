/* nolandlock.c -- run a command on a kernel "without Landlock".
 *
 *   airlock-nolandlock COMMAND [ARG...]
 *
 * Installs a seccomp filter under which the three Landlock calls fail with
 * ENOSYS, as on a kernel built without it, then executes COMMAND (the
 * filter is inherited). Lets the suites check a stage's behaviour with the
 * mount namespace alone, and its refusal when neither layer is available.
 */
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
    int rc = -1;

    if (argc < 2) {
        fprintf(stderr, "usage: airlock-nolandlock COMMAND [ARG...]\n");
        return 2;
    }
    if (ctx != NULL && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
        rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_create_ruleset), 0) |
             seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_add_rule), 0) |
             seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(landlock_restrict_self), 0) |
             seccomp_load(ctx);
    if (rc != 0) {
        fprintf(stderr, "airlock-nolandlock: cannot install the filter\n");
        return 2;
    }
    execvp(argv[1], argv + 1);
    fprintf(stderr, "airlock-nolandlock: %s: %s\n", argv[1], strerror(errno));
    return 127;
}
