#!/bin/sh
# fuzz/run.sh TARGET... -- one campaign round per target (`make fuzz-run`).
#
# For each target: run build/fuzz/TARGET for $FUZZ_SECONDS seconds (default
# 60) on both cores (-fork=2) at nice 19, with its dictionary, its options
# file and value profiling, new inputs going to a scratch directory; then
# merge corpus/TARGET and the new inputs with -set_cover_merge=1 into the
# smallest set with the same features, which replaces corpus/TARGET (files
# named by their SHA-1). Every crash, timeout or leak is copied to
# tests/regress/TARGET/ and a one-line reproduce command is printed.
# The figures of the round (wall and CPU seconds, execs/s, coverage,
# features, corpus size) go to build/fuzz/run/TARGET/stats and stdout.
set -u
cd "$(dirname "$0")/.." || exit 2
secs=${FUZZ_SECONDS:-60}
jobs=${FUZZ_JOBS:-2}
status=0
for t in "$@"; do
    bin=build/fuzz/$t
    work=build/fuzz/run/$t
    rm -rf "$work"
    mkdir -p "$work/new" "$work/merged" "$work/artifacts" "corpus/$t"
    opts=$(sh fuzz/options.sh "$t")
    echo "== $t: $secs s, -fork=$jobs"
    start=$(date +%s)
    # shellcheck disable=SC2086
    /usr/bin/time -f '%U %S' -o "$work/time" \
        nice -n 19 "$bin" $opts -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -max_total_time="$secs" -dict="fuzz/$t.dict" \
        -use_value_profile=1 -artifact_prefix="$work/artifacts/" \
        "$work/new" "corpus/$t" >"$work/log" 2>&1
    end=$(date +%s)
    cpu=$(awk '{printf "%d", $1 + $2}' "$work/time" 2>/dev/null)
    last=$(grep -E '^#[0-9]+: cov:' "$work/log" | tail -n 1)
    # shellcheck disable=SC2086
    nice -n 19 "$bin" $opts -set_cover_merge=1 "$work/merged" "corpus/$t" "$work/new" \
        >"$work/merge.log" 2>&1
    if [ -n "$(ls "$work/merged")" ]; then
        find "corpus/$t" -maxdepth 1 -type f -delete
        cp "$work/merged"/* "corpus/$t/"
    else
        echo "$t: merge produced nothing, corpus kept (see $work/merge.log)"
        status=1
    fi
    n=$(ls "corpus/$t" | wc -l)
    size=$(du -sk "corpus/$t" | cut -f1)
    # fork mode's status line: "#N: cov: C ft: F corp: K exec/s E oom/timeout/crash: ..."
    execs=$(echo "$last" | sed -n 's/.* exec\/s:* *\([0-9]*\).*/\1/p')
    cov=$(echo "$last" | sed -n 's/.* cov: *\([0-9]*\).*/\1/p')
    ft=$(echo "$last" | sed -n 's/.* ft: *\([0-9]*\).*/\1/p')
    line="$t wall=$((end - start))s cpu=${cpu}s exec/s=${execs:-?} cov=${cov:-?} ft=${ft:-?} corpus=${n}files/${size}KiB"
    echo "$line" | tee "$work/stats"
    for a in "$work/artifacts"/*; do
        [ -f "$a" ] || continue
        mkdir -p "tests/regress/$t"
        cp "$a" "tests/regress/$t/"
        echo "$t: found $(basename "$a"); reproduce: build/fuzz/$t tests/regress/$t/$(basename "$a")  (or build/fuzz/replay-$t tests/regress/$t/$(basename "$a"))"
        status=1
    done
done
exit $status
