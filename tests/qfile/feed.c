/* feed.c -- test helper: feed a stream to a receiver, collect its result.
 *
 *   airlock-feed [-n N] [-e] [-t SECONDS] STREAM RESULT -- CMD [ARG...]
 *
 * Runs CMD with fd 0 reading STREAM and fd 1 writing into RESULT (both
 * through this process). With -n N the stream goes over a SOCK_SEQPACKET
 * socket in writes of N bytes, so every read of CMD returns at most N
 * bytes (N = 1: one byte per read); without -n over a pipe. Like the
 * reference sender, the stream stays open after the last byte until CMD
 * has closed its result (so a receiver that waits for end of input
 * hangs); -e closes it right after the last byte instead (truncated
 * streams). Exits with CMD's status (128 + signal if killed, 124 after
 * the -t timeout, default 60 s).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t child = -1;

static void on_alarm(int sig)
{
    (void)sig;
    if (child > 0)
        kill(child, SIGKILL);
    _exit(124);
}

static void spawn(char **cmd, int in_fd, int out_fd, int close1, int close2)
{
    child = fork();
    if (child < 0) {
        perror("airlock-feed: fork");
        exit(2);
    }
    if (child == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        close(close1);
        close(close2);
        execvp(cmd[0], cmd);
        perror("airlock-feed: exec");
        _exit(127);
    }
}

/* Write the stream to fd in chunks of n; stop quietly if CMD stopped
 * reading. */
static void send_stream(int fd, const char *path, size_t n)
{
    static char buf[1 << 16];
    FILE *f = fopen(path, "rb");
    size_t got, off, k;

    if (f == NULL) {
        perror(path);
        exit(2);
    }
    while ((got = fread(buf, 1, sizeof(buf), f)) > 0) {
        for (off = 0; off < got; off += k) {
            k = got - off < n ? got - off : n;
            if (write(fd, buf + off, k) != (ssize_t)k)
                goto out;
        }
    }
out:
    fclose(f);
}

static void save_result(int fd, const char *path)
{
    char buf[4096];
    FILE *f = fopen(path, "wb");
    ssize_t got;

    if (f == NULL) {
        perror(path);
        exit(2);
    }
    while ((got = read(fd, buf, sizeof(buf))) > 0 || (got < 0 && errno == EINTR))
        if (got > 0)
            fwrite(buf, 1, (size_t)got, f);
    fclose(f);
}

int main(int argc, char **argv)
{
    size_t n = 1 << 16;
    int opt, eof = 0, seq = 0, status = 0;
    int in[2], out[2];

    while ((opt = getopt(argc, argv, "+n:et:")) != -1) {
        if (opt == 'n') {
            n = strtoul(optarg, NULL, 10);
            seq = 1;
        } else if (opt == 'e') {
            eof = 1;
        } else if (opt == 't') {
            alarm((unsigned)atoi(optarg));
        } else {
            return 2;
        }
    }
    if (argc - optind < 4 || strcmp(argv[optind + 2], "--") != 0 || n == 0) {
        fprintf(stderr, "usage: airlock-feed [-n N] [-e] [-t S] STREAM RESULT -- CMD...\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    signal(SIGALRM, on_alarm);
    if (alarm(0) == 0)
        alarm(60);
    if ((seq ? socketpair(AF_UNIX, SOCK_SEQPACKET, 0, in) : pipe(in)) != 0 || pipe(out) != 0)
        return 2;
    if (seq) {
        int sz = 1 << 20;
        setsockopt(in[1], SOL_SOCKET, SO_SNDBUF, &sz, sizeof(sz));
    }
    spawn(argv + optind + 3, in[0], out[1], in[1], out[0]);
    close(in[0]);
    close(out[1]);
    send_stream(in[1], argv[optind], n);
    if (eof)
        close(in[1]);
    save_result(out[0], argv[optind + 1]);
    close(in[1]);
    waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
