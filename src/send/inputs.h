/* inputs.h -- airlock-send checks every FILE before sending anything. */
#ifndef AIRLOCK_INPUTS_H
#define AIRLOCK_INPUTS_H

#include <stddef.h>
#include <stdint.h>

/* The name a path is sent under: its last component. */
const char *as_base_name(const char *path);

/* Check that each of the n paths is a regular file (not followed through
 * a symlink), that its base name is 1..260 bytes (FORMAT §3) and that no
 * two share a base name. Adds the stream bytes of their entries (header,
 * name, data) into *total. Answers 0, or -1
 * with a one-line reason naming the file in err. */
int as_check_inputs(char **paths, int n, uint64_t *total, char *err, size_t errlen);

#endif
