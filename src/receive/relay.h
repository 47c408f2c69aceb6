/* relay.h -- the caller's stream (fd 0) relayed into the unpacker's
 * pipe with splice(2), so that the supervisor sees every byte arrive
 * (the idle deadline) without copying it. */
#ifndef AIRLOCK_RECEIVE_RELAY_H
#define AIRLOCK_RECEIVE_RELAY_H

struct relay {
    int out;          /* the pipe's write end; -1 once closed */
    int full;         /* the last move found the pipe full */
    int eof;          /* the stream ended */
    double last;      /* when the last byte (or the start) was seen */
    unsigned long long bytes;
    unsigned long long limit; /* most stream bytes passed on: one more ends it (budget.c) */
};

/* The pipe; *read_end for the unpacker. 0, or -1 with errno set. */
int relay_open(struct relay *x, int *read_end);
int relay_wants_input(const struct relay *x);
int relay_wants_output(const struct relay *x);
/* Moves what is there (never blocks), at most limit + 1 bytes in all;
 * closes the pipe at the stream's end or when the unpacker has gone. */
void relay_move(struct relay *x);
void relay_close(struct relay *x);

#endif
