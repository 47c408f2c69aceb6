#!/bin/sh
# Fuzzing (issue 6), in `make check`:
#   replay-T      the gcc ASan+UBSan replay program of every target T runs
#                 every file of corpus/T and tests/regress/T
#   fuzz-build    `make fuzz` builds the libFuzzer targets (clang)
#   smoke-T       each libFuzzer target runs FUZZ_SMOKE_SECONDS (30) with its
#                 options and dictionary from the committed corpus (new
#                 inputs go to a temporary directory, corpus/ is untouched)
#   oss-fuzz-build  fuzz/oss-fuzz/build.sh with CC, CFLAGS,
#                 LIB_FUZZING_ENGINE and OUT set by hand, into a temporary
#                 $OUT; it must produce T, T_seed_corpus.zip, T.dict and
#                 T.options for every target
#   oss-fuzz-run-T  each target built that way runs briefly from its
#                 unzipped seed corpus
# Run from the repository root after `make all test-bins`.
set -u
. tests/lib.sh

SMOKE=${FUZZ_SMOKE_SECONDS:-30}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
targets=$(make -s --no-print-directory fuzz-list | cut -d'|' -f1)

for t in $targets; do
    if "build/fuzz/replay-$t" "corpus/$t" "tests/regress/$t" >"$T/replay-$t.log" 2>&1; then
        t_ok "replay-$t ($(tail -n 1 "$T/replay-$t.log"))"
    else
        t_fail "replay-$t" "$(grep -m1 -E 'violated|ERROR|SUMMARY' "$T/replay-$t.log" || tail -n 1 "$T/replay-$t.log")"
    fi
done

if make -s --no-print-directory fuzz >"$T/build.log" 2>&1; then
    t_ok "fuzz-build"
    for t in $targets; do
        mkdir -p "$T/new-$t" "$T/art-$t"
        # shellcheck disable=SC2046
        if "build/fuzz/$t" $(sh fuzz/options.sh "$t") -max_total_time="$SMOKE" \
                -dict="fuzz/$t.dict" -use_value_profile=1 \
                -artifact_prefix="$T/art-$t/" "$T/new-$t" "corpus/$t" \
                >"$T/smoke-$t.log" 2>&1; then
            t_ok "smoke-$t ($(grep -E '^#[0-9]+' "$T/smoke-$t.log" | tail -n 1 | awk '{print $1, $3, $4, $5, $6}'))"
        else
            mkdir -p build/fuzz/smoke-artifacts
            cp "$T/art-$t"/* build/fuzz/smoke-artifacts/ 2>/dev/null
            a=$(find "$T/art-$t" -type f -exec basename {} \; | head -n 1)
            t_fail "smoke-$t" "$(grep -m1 -E 'violated|ERROR' "$T/smoke-$t.log"); reproduce: build/fuzz/replay-$t build/fuzz/smoke-artifacts/$a (add it to tests/regress/$t/)"
        fi
    done
else
    t_fail "fuzz-build" "$(tail -n 3 "$T/build.log" | tr '\n' ' ')"
fi

O=$T/out
if CC=clang-14 CFLAGS="-g -O1 -fsanitize=address,undefined,fuzzer-no-link" \
        LIB_FUZZING_ENGINE=-fsanitize=fuzzer OUT=$O \
        sh fuzz/oss-fuzz/build.sh >"$T/oss.log" 2>&1; then
    missing=""
    for t in $targets; do
        for f in "$t" "${t}_seed_corpus.zip" "$t.dict" "$t.options"; do
            [ -s "$O/$f" ] || missing="$missing $f"
        done
    done
    if [ -z "$missing" ]; then t_ok "oss-fuzz-build"; else t_fail "oss-fuzz-build" "missing:$missing"; fi
    for t in $targets; do
        mkdir -p "$T/seed-$t"
        (cd "$T/seed-$t" && unzip -q "$O/${t}_seed_corpus.zip")
        if (cd "$T" && "$O/$t" -max_total_time=3 -dict="$O/$t.dict" \
                -artifact_prefix="$T/" "$T/seed-$t" >"$T/oss-$t.log" 2>&1); then
            t_ok "oss-fuzz-run-$t"
        else
            t_fail "oss-fuzz-run-$t" "$(grep -m1 -E 'violated|ERROR' "$T/oss-$t.log")"
        fi
    done
else
    t_fail "oss-fuzz-build" "$(tail -n 3 "$T/oss.log" | tr '\n' ' ')"
fi
