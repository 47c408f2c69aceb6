/*
 * airlock-sigcheck: ASCII armor (RFC 4880 section 6) of public key blocks.
 */
#ifndef AIRLOCK_SIGCHECK_ARMOR_H
#define AIRLOCK_SIGCHECK_ARMOR_H

#include <stddef.h>
#include <stdint.h>

#define SC_ARMOR_BEGIN "-----BEGIN PGP PUBLIC KEY BLOCK-----"
#define SC_ARMOR_END "-----END PGP PUBLIC KEY BLOCK-----"

/* Decode the armored block that starts at TEXT (which begins with
 * SC_ARMOR_BEGIN): header lines up to an empty line, base64 lines, an
 * optional "=" CRC-24 line that must match, and the end line. Returns a
 * new buffer (*len bytes) and sets *next just past the block, or NULL with
 * *why set (out of memory: *why is NULL). */
uint8_t *sc_armor_decode(const char *text, size_t *len, const char **next, const char **why);

#endif
