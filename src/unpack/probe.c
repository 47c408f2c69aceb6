/* probe.c -- test-only forbidden calls (see probe.h). */
#ifdef AL_SECCOMP_PROBE
#include "probe.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

void up_probe_forbidden(int dirfd)
{
    const char *what = getenv("AIRLOCK_PROBE");
    char *const argv[] = { "true", NULL };

    if (what == NULL)
        return;
    if (strcmp(what, "socket") == 0)
        (void)socket(AF_INET, SOCK_STREAM, 0);
    else if (strcmp(what, "open") == 0)
        (void)openat(dirfd, "probe", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    else if (strcmp(what, "execve") == 0)
        (void)execve("/bin/true", argv, NULL);
    else if (strcmp(what, "mkdir") == 0)
        (void)mkdirat(dirfd, "probe", 0755);
    fprintf(stderr, "airlock-unpack: probe %s survived the filter\n", what);
    exit(99);
}
#endif
