#!/bin/sh
# fuzz/summary.sh [LOG] -- the campaign figures per target, summed over the
# rounds of build/fuzz/campaign.log (fuzz/campaign.sh writes one line per
# round): rounds, wall and CPU seconds (CPU: user + system of the fuzzer and
# its -fork workers, from /usr/bin/time), execs/s of each round (both
# workers together), features at the end of the last round (with value
# profiling), and the merged corpus. Prints Markdown table rows.
log=${1:-build/fuzz/campaign.log}
echo "| target | rounds | wall | CPU | execs/s per round | features (last round) | corpus after merge |"
echo "|---|---|---|---|---|---|---|"
awk '{
    t = $1
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    sub(/s$/, "", v["wall"]); sub(/s$/, "", v["cpu"])
    wall[t] += v["wall"]; cpu[t] += v["cpu"]; r[t]++
    ex[t] = ex[t] (ex[t] != "" ? ", " : "") v["exec/s"]
    ft[t] = v["ft"]; corp[t] = v["corpus"]
    tw += v["wall"]; tc += v["cpu"]
}
END {
    for (t in wall)
        printf "| %s | %d | %d s | %d s | %s | %s | %s |\n", t, r[t], wall[t], cpu[t], ex[t], ft[t], corp[t]
    printf "| all | | %d s (%.2f h) | %d s (%.2f h) | | | |\n", tw, tw / 3600, tc, tc / 3600
}' "$log"
