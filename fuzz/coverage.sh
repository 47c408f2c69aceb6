#!/bin/sh
# fuzz/coverage.sh TARGET... -- `make fuzz-coverage`: run the coverage
# builds (build/fuzz/cov-TARGET, clang -fprofile-instr-generate
# -fcoverage-mapping, no libFuzzer) over corpus/TARGET and
# tests/regress/TARGET, merge the profiles, write an llvm-cov line and
# branch report (text and HTML) under build/fuzz/coverage/ and print the
# per-file line coverage of the code under src/.
set -u
cd "$(dirname "$0")/.." || exit 2
out=build/fuzz/coverage
rm -rf "$out"
mkdir -p "$out/raw"
objs=""
for t in "$@"; do
    LLVM_PROFILE_FILE="$out/raw/$t-corpus.profraw" "build/fuzz/cov-$t" "corpus/$t" >/dev/null 2>&1 ||
        echo "coverage: $t: corpus replay failed"
    # Regression files one by one: a file that still crashes must not lose
    # the profile of the others.
    for f in "tests/regress/$t"/*; do
        [ -f "$f" ] || continue
        LLVM_PROFILE_FILE="$out/raw/$t-regress-%p.profraw" "build/fuzz/cov-$t" "$f" >/dev/null 2>&1
    done
    objs="$objs -object build/fuzz/cov-$t"
done
llvm-profdata-14 merge -sparse "$out"/raw/*.profraw -o "$out/all.profdata" || exit 1
# shellcheck disable=SC2086
llvm-cov-14 report $objs -instr-profile="$out/all.profdata" -show-branch-summary \
    -ignore-filename-regex='(^|/)fuzz/|^/usr/' >"$out/report.txt" || exit 1
# shellcheck disable=SC2086
llvm-cov-14 show $objs -instr-profile="$out/all.profdata" -show-branches=count \
    -format=html -output-dir="$out/html" \
    -ignore-filename-regex='(^|/)fuzz/|^/usr/' >/dev/null 2>&1
cat "$out/report.txt"
echo
echo "line coverage per file (corpus + regress):"
# Filename Regions Missed Cover Functions Missed Executed Lines Missed Cover Branches Missed Cover
awk 'NF >= 13 && $1 ~ /\.c$/ {
         printf "  %-32s %6s lines, %s missed: %s\n", $1, $8, $9, $10
         d = $1; sub(/\/.*/, "", d); lines[d] += $8; missed[d] += $9 }
     $1 == "TOTAL" { printf "  %-32s %6s lines, %s missed: %s\n", "TOTAL", $8, $9, $10 }
     END { for (d in lines)
               printf "  %-32s %6d lines, %d missed: %.2f%%\n", d "/ (all files)", lines[d], missed[d],
                      100 * (lines[d] - missed[d]) / lines[d] }' "$out/report.txt"
echo "report: $out/report.txt, $out/html/index.html"
