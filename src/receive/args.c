/* args.c -- the shared command line (args.h). */
#include "args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *args_config(int argc, char **argv, const char *prog, const char *usage, int bad)
{
    const char *env = getenv("AIRLOCK_CONF");

    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        fputs(usage, stdout);
        exit(0);
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("%s %s\n", prog, AIRLOCK_VERSION);
        exit(0);
    }
    if (argc == 3 && strcmp(argv[1], "--config") == 0)
        return argv[2];
    if (argc == 2 && strncmp(argv[1], "--config=", 9) == 0)
        return argv[1] + 9;
    if (argc != 1) {
        fputs(usage, stderr);
        exit(bad);
    }
    return env != NULL && env[0] != '\0' ? env : "/etc/airlock/airlock.conf";
}
