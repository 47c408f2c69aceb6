/* pipe2.c -- test helper: connect two commands both ways, as qrexec does.
 *
 *   airlock-pipe2 CMD1 [ARG...] -- CMD2 [ARG...]
 *
 * CMD1's fd 1 feeds CMD2's fd 0 and CMD2's fd 1 feeds CMD1's fd 0 (two
 * pipes). Prints "STATUS1 STATUS2" (exit statuses, 128 + signal when
 * killed) once both have ended, and exits 0; 124 after a 300 s timeout.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t kids[2] = { -1, -1 };

static void on_alarm(int sig)
{
    (void)sig;
    kill(kids[0], SIGKILL);
    kill(kids[1], SIGKILL);
    _exit(124);
}

static pid_t spawn(char **cmd, int in_fd, int out_fd, const int *all)
{
    pid_t pid = fork();
    int i;

    if (pid == 0) {
        dup2(in_fd, 0);
        dup2(out_fd, 1);
        for (i = 0; i < 4; i++)
            close(all[i]);
        execvp(cmd[0], cmd);
        perror("airlock-pipe2: exec");
        _exit(127);
    }
    return pid;
}

static int status_of(pid_t pid)
{
    int st = 0;

    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

int main(int argc, char **argv)
{
    int a[2], b[2], all[4];
    int i, s1, s2;

    for (i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        ;
    if (i < 2 || i >= argc - 1) {
        fprintf(stderr, "usage: airlock-pipe2 CMD1... -- CMD2...\n");
        return 2;
    }
    argv[i] = NULL;
    if (pipe(a) != 0 || pipe(b) != 0)
        return 2;
    all[0] = a[0], all[1] = a[1], all[2] = b[0], all[3] = b[1];
    signal(SIGALRM, on_alarm);
    alarm(300);
    kids[0] = spawn(argv + 1, b[0], a[1], all);
    kids[1] = spawn(argv + i + 1, a[0], b[1], all);
    for (i = 0; i < 4; i++)
        close(all[i]);
    s1 = status_of(kids[0]);
    s2 = status_of(kids[1]);
    printf("%d %d\n", s1, s2);
    return 0;
}
