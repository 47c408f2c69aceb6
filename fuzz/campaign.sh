#!/bin/sh
# fuzz/campaign.sh "TARGET:SECONDS ..." -- a campaign: fuzz/run.sh for each
# target in turn with its own duration, appending every round's figures
# to build/fuzz/campaign.log (kept across rounds: the CPU seconds there are
# what fuzz/README.md reports).
set -u
cd "$(dirname "$0")/.." || exit 2
for spec in $1; do
    t=${spec%%:*}
    FUZZ_SECONDS=${spec#*:} sh fuzz/run.sh "$t" >>build/fuzz/campaign.out 2>&1
    cat "build/fuzz/run/$t/stats" >>build/fuzz/campaign.log
    cp "build/fuzz/run/$t/log" "build/fuzz/campaign-$t-$(date +%H%M).log"
done
