/* eva_main.c -- entry point for Eva over the whole core (make prove).
 *
 * Feeds the parser a stream of unknown bytes in any number of chunks, each
 * of unknown size up to airlock-unpack's buffer (AL_RECV_BUFSIZE, 1 MiB),
 * under either policy (limits: 2 files, 2^40 bytes; with unknown limits
 * Eva loses `bytes <= max_bytes` and reports the two overflows WP proves
 * impossible, and with 2^20 files it ran past 6 minutes), then finishes
 * it and encodes the result, as airlock-unpack's receive loop does (a
 * chunk at buf + off is, to the core, a chunk of its own); and runs the name
 * validators and the result decoder on unknown input. Eva must report 0
 * alarms: no run-time error is reachable from any of these inputs. The
 * loop's count is unknown, so Eva's result holds after any number of
 * calls, not a fixed few. Not compiled into any program; only `make
 * prove` reads it.
 */
#include "__fc_builtin.h"
#include "parser.h"
#include "name.h"
#include "result.h"

#define STREAM_MAX 700
#define CHUNK_MAX (1024u * 1024u)

static uint8_t stream[STREAM_MAX];
static uint8_t chunk[CHUNK_MAX];
static uint8_t out[AL_RESULT_EXT_SIZE + AL_NAME_MAX];

static void eva_parser(void)
{
    static struct al_parser p;
    static struct al_event ev;
    uint32_t policy = Frama_C_unsigned_int_interval(0, 1);
    uint64_t max_files = 2;
    uint64_t max_bytes = 1ull << 40;

    al_parser_init(&p, policy, max_files, max_bytes);
    while (Frama_C_nondet(0, 1)) {
        Frama_C_make_unknown((char *)chunk, CHUNK_MAX);
        (void)al_parser_feed(&p, chunk, Frama_C_size_t_interval(0, CHUNK_MAX), &ev);
    }
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
