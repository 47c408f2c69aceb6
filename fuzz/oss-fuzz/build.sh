#!/bin/sh
# fuzz/oss-fuzz/build.sh -- OSS-Fuzz / ClusterFuzzLite build script.
#
# The build interface: compile with $CC $CFLAGS, link with
# $LIB_FUZZING_ENGINE, write each target to $OUT with
# TARGET_seed_corpus.zip, TARGET.dict and TARGET.options beside it.
# The targets and their sources come from `make fuzz-list` (fuzz/fuzz.mk),
# the same list `make fuzz` builds. The sigcheck target also needs its
# keyring, copied to $OUT/sigcheck-keys/ (the harness looks beside itself),
# and librpm (Debian/Ubuntu: librpm-dev), zlib (zlib1g-dev) for unpack and
# send: the project's Dockerfile must install them.
#
# Without Docker it can be run by hand, as tests/suites/60-fuzz.sh does:
#   CC=clang-14 CFLAGS="-g -O1 -fsanitize=address,undefined,fuzzer-no-link" \
#   LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=/tmp/out sh fuzz/oss-fuzz/build.sh
set -eu
cd "$(dirname "$0")/../.."
: "${CC:?set CC}" "${OUT:?set OUT}" "${LIB_FUZZING_ENGINE:?set LIB_FUZZING_ENGINE}"
CFLAGS=${CFLAGS:-}
mkdir -p "$OUT"
list=$(make -s --no-print-directory fuzz-list)
echo "$list" | while IFS='|' read -r t srcs cflags libs; do
    [ -n "$t" ] || continue
    echo "building $t"
    # shellcheck disable=SC2086
    $CC $CFLAGS -std=gnu11 -D_GNU_SOURCE -Isrc/core -Ispec -Ifuzz $cflags \
        "fuzz/$t.c" $srcs $LIB_FUZZING_ENGINE $libs -o "$OUT/$t"
    rm -f "$OUT/${t}_seed_corpus.zip"
    if [ -n "$(ls "corpus/$t" 2>/dev/null)" ]; then
        (cd "corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
    fi
    cp "fuzz/$t.dict" "$OUT/$t.dict"
    cp "fuzz/$t.options" "$OUT/$t.options"
done
if [ -d fuzz/sigcheck-keys ]; then
    rm -rf "$OUT/sigcheck-keys"
    cp -r fuzz/sigcheck-keys "$OUT/sigcheck-keys"
fi
