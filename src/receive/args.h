/* args.h -- the command line airlock-receive and airlock-qrexec-front
 * share: [--config FILE] | --help | --version. */
#ifndef AIRLOCK_RECEIVE_ARGS_H
#define AIRLOCK_RECEIVE_ARGS_H

/* The configuration's path: --config FILE (or --config=FILE), else
 * $AIRLOCK_CONF, else /etc/airlock/airlock.conf. --help prints usage on
 * stdout and --version "PROG VERSION", then exit 0; anything else prints
 * usage on stderr and exits with status bad. */
const char *args_config(int argc, char **argv, const char *prog, const char *usage, int bad);

#endif
