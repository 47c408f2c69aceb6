/* eva_main.c -- entry point for Eva over the whole core (make prove).
 *
 * Feeds the parser a stream of unknown bytes in twelve chunks of unknown
 * sizes, under either policy (limits: 2 files, 2^40 bytes), and runs the
 * name validators and the result codec on unknown input. Eva must report 0 alarms: no run-time
 * error is reachable from any of these inputs. Not compiled into any
 * program; only `make prove` reads it.
 */
#include "__fc_builtin.h"
#include "parser.h"
#include "name.h"
#include "result.h"

#define STREAM_MAX 700

static uint8_t stream[STREAM_MAX];
static uint8_t out[AL_RESULT_EXT_SIZE + AL_NAME_MAX];

/* One call of the parser on a fresh chunk of unknown bytes and unknown
 * size (0 .. CHUNK_MAX): the stream is the concatenation of the chunks.
 * The calls are written out rather than looped, so that Eva keeps each
 * path's state apart instead of widening across iterations. */
#define CHUNK_MAX 300
#define FEED_ONE()                                                      \
    do {                                                                \
        Frama_C_make_unknown((char *)stream, CHUNK_MAX);                \
        (void)al_parser_feed(&p, stream,                                \
                             Frama_C_size_t_interval(0, CHUNK_MAX), &ev); \
    } while (0)

static void eva_parser(void)
{
    static struct al_parser p;
    static struct al_event ev;
    uint32_t policy = Frama_C_unsigned_int_interval(0, 1);

    al_parser_init(&p, policy, 2, 1ull << 40);
    FEED_ONE(); FEED_ONE(); FEED_ONE(); FEED_ONE();
    FEED_ONE(); FEED_ONE(); FEED_ONE(); FEED_ONE();
    FEED_ONE(); FEED_ONE(); FEED_ONE(); FEED_ONE();
    (void)al_parser_finish(&p);
    (void)al_result_encode(out, sizeof out, p.error, 0, 1, p.name, p.name_len);
}

static void eva_names_and_result(void)
{
    struct al_result r;
    uint32_t len = Frama_C_unsigned_int_interval(0, STREAM_MAX);
    uint32_t policy = Frama_C_unsigned_int_interval(0, 1);

    Frama_C_make_unknown((char *)stream, STREAM_MAX);
    (void)al_name_allowed(policy, stream, len);
    (void)al_result_decode(stream, len, &r);
}

int eva_main(void)
{
    eva_parser();
    eva_names_and_result();
    return 0;
}
