#!/bin/sh
# make prove: the one gate over the proven core.
#
#  1. Frama-C WP (-wp-rte, overflow and downcast warnings, -wp-smoke-tests)
#     on every function of src/core, in two runs (the qfile part and the
#     RPM part, see CORE_QFILE below): every goal must be proved ("Proved
#     goals: N / N" in both, no unclassified report entry) and every smoke test
#     must fail to prove (a smoke test that proves means dead code or
#     requires that contradict each other).
#  2. Eva from proofs/eva_main.c over unknown bytes and chunk lengths, and
#     from proofs/eva_rpm.c over RPM prefixes of unknown bytes: 0 alarms.
#  3. Every deliberately wrong variant proofs/mutants/*.patch, run at the
#     main timeout: exactly the goals named on its "# goals:" lines fail,
#     and the main run (1) proved each of them on the unmutated core.
#
# Header lines of a mutant (before the diff):
#   # fct: F,G          functions to prove (-wp-fct), required
#   # why: TEXT         what is wrong, one line, required
#   # prop: P,Q         property names to prove (-wp-prop), optional
#   # goals: GOAL ...   goal names (as WP prints them) that must fail;
#                       required, may be repeated. A name without its
#                       _partN suffix stands for all its parts: one must
#                       fail, and the main run must have proved them all.
#                       The only other goals allowed to fail are goals of
#                       the mutated code alone (absent from the main run).
#
# Prover results are replayed from WP's cache, proofs/wp-cache/ (see
# proofs/wp.sh); PROVE_FULL=1 empties it first, so every goal is proved
# again and the cache is rebuilt with no stale entry.
#
# Not enabled: -rte-initialized @all (629 more goals: every read of a local
# or through a pointer) and -warn-invalid-pointer (157 more goals: every
# pointer built by arithmetic). Together they would add a fifth to the
# goal count, most of it to the time of a full run; their figures are in
# SOUNDNESS.md ("What is not covered").
#
# proofs/SUMMARY.md and proofs/results/ are rewritten only when every check
# passed. Prints one "ok - ..." / "not ok - ..." line per check (tests/run
# counts them) and exits non-zero if any check failed. Logs: build/prove/.
# $CORE is a list of words on purpose.
# shellcheck disable=SC2086
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 2
out=build/prove
mkdir -p "$out"
fails=0
ok()  { echo "ok - $1"; }
bad() { echo "not ok - $1: $2"; fails=$((fails + 1)); }
# Two parts, proved in two WP runs: WP gives every goal of a run the
# run's global lemmas (qfile.acsl's two) as hypotheses, and with them in
# the task the provers lose trivial RPM goals (an instance of a \forall
# hypothesis: Unknown, or a timeout at 30 s). The parts share no code.
CORE_QFILE="src/core/le.c src/core/name.c src/core/entry.c src/core/parser.c src/core/result.c"
CORE_RPM="src/core/be.c src/core/rpmstr.c src/core/rpmdata.c src/core/rpmhdr.c src/core/rpm.c
          src/core/rpmcanon.c"
CORE="$CORE_QFILE $CORE_RPM"

# Goal names of a WP log with their status: "NAME Valid" or "NAME failed".
goal_status() {
    sed -n 's/^\[wp\] \[[^]]*\] Goal \([^ ]*\) : Valid.*/\1 Valid/p
            s/^\[wp\] \[[^]]*\] Goal \([^ ]*\)\( :.*\)\{0,1\}$/\1 failed/p' "$1" |
        awk '!seen[$1]++'
}
proved_count() {
    sed -n 's/.*Proved goals: *\([0-9]*\) *\/ *\([0-9]*\).*/\1 \2/p' "$1" | tail -n 1
}

# 1. WP over the whole core, in its two parts.
if [ "${PROVE_FULL:-}" = 1 ]; then
    rm -rf proofs/wp-cache
fi
start=$(date +%s)
rc=0 proved=0 total=0
for part in qfile rpm; do
    if [ "$part" = qfile ]; then files=$CORE_QFILE; else files=$CORE_RPM; fi
    WP_CSV=$out/properties-$part.csv proofs/wp.sh -wp-smoke-tests -- $files \
        >"$out/wp-$part.log" 2>&1 || rc=$?
    set -- $(proved_count "$out/wp-$part.log")
    proved=$((proved + ${1:-0})) total=$((total + ${2:--1}))
done
secs=$(($(date +%s) - start))
cat "$out/wp-qfile.log" "$out/wp-rpm.log" >"$out/wp.log"
{ cat "$out/properties-qfile.csv"; tail -n +2 "$out/properties-rpm.csv"; } >"$out/properties.csv"
goal_status "$out/wp.log" >"$out/goals.txt"
smoke=$(sed -n 's/^\[wp\] \[[^]]*\] Smoke-test //p' "$out/wp.log" | sort -u | wc -l)
smoke_bad=$(grep '^\[wp\] \[[^]]*\] Smoke-test' "$out/wp.log" | grep -v '\[Passed\]' |
    sed 's/.*Smoke-test //' | sort -u | tr '\n' ' ')
cache=$(grep '^\[wp\] \[Cache\]' "$out/wp.log" | sed 's/^\[wp\] \[Cache\] //' | paste -sd ';' -)
if [ "$rc" -eq 0 ] && [ -n "$total" ] && [ "$total" -gt 0 ] && [ "$proved" = "$total" ]; then
    ok "wp: all $total goals of the core proved, $smoke smoke tests among them (${secs}s; cache ${cache:-unused})"
else
    bad "wp: core proof" "exit $rc, ${proved:-?} / ${total:-?} proved (see $out/wp.log)"
fi
if [ "$smoke" -gt 0 ] && [ -z "$smoke_bad" ]; then
    ok "wp: none of the $smoke smoke tests proves (no dead code, no inconsistent requires)"
else
    bad "wp: smoke tests" "${smoke_bad:-none ran} (see $out/wp.log)"
fi
rm -rf "$out/results"
if ! python3 proofs/summary.py "$out/wp.log" "$out/properties.csv" "$out/results" \
        $CORE >"$out/SUMMARY.md"; then
    bad "wp: summary" "proofs/summary.py failed"
fi

# 2. Eva: no alarm from unknown input. eva NAME ENTRY-FILE ENTRY WHAT FILES...
eva() {
    name=$1 file=$2 entry=$3 what=$4
    shift 4
    frama-c -machdep x86_64 -cpp-extra-args="-Isrc/core -Ispec" "$@" "$file" \
        -main "$entry" -eva -eva-precision 5 -eva-domains octagon,equality \
        -eva-octagon-through-calls \
        -warn-unsigned-overflow -warn-unsigned-downcast -warn-signed-downcast \
        -warn-pointer-downcast >"$out/eva-$name.log" 2>&1
    rc=$?
    alarms=$(sed -n 's/^ *\([0-9][0-9]*\) alarms\{0,1\} generated by the analysis.*/\1/p' \
        "$out/eva-$name.log")
    if grep -q 'No alarm raised by the analysis' "$out/eva-$name.log"; then
        alarms=0
    fi
    reached=$(sed -n 's/.*In these functions, \([0-9]*\) statements reached (out of \([0-9]*\)).*/\1\/\2/p' \
        "$out/eva-$name.log")
    if [ "$rc" -eq 0 ] && [ "$alarms" = 0 ]; then
        ok "eva: 0 alarms over $what (statements reached $reached)"
    else
        bad "eva: alarms ($name)" "exit $rc, ${alarms:-unknown} alarms (see $out/eva-$name.log)"
    fi
    echo "- \`$file\` ($what): ${alarms:-?} alarms; statements reached: $reached." \
        >>"$out/eva.md"
}
: >"$out/eva.md"
eva qfile proofs/eva_main.c eva_main "unknown stream bytes and chunk lengths" \
    src/core/le.c src/core/name.c src/core/entry.c src/core/parser.c src/core/result.c
eva rpm proofs/eva_rpm.c eva_rpm "RPM prefixes of unknown bytes in twelve shapes" \
    src/core/be.c src/core/rpmstr.c src/core/rpmdata.c src/core/rpmhdr.c src/core/rpm.c

# 3. Mutants. header MUTANT KEY: the values of its "# KEY:" lines, as words
# (commas separate words too); why MUTANT: its "# why:" line as written.
header() {
    sed -n "s/^# $2: *//p" "$1" | tr ',' ' ' | tr -s ' \n' '  ' | sed 's/ *$//'
}
why() {
    sed -n 's/^# why: *//p' "$1"
}
# mutant_core PATCH: the part of the core (its WP run) the patch changes.
mutant_core() {
    if grep -q '^+++ [^ ]*src/core/rpm' "$1"; then echo "$CORE_RPM"; else echo "$CORE_QFILE"; fi
}
# mutant PATCH: patch a copy of src, prove, compare with "# goals:".
mutant() {
    m=$1 name=$(basename "$1" .patch)
    fcts=$(header "$m" fct | tr ' ' ',') props=$(header "$m" prop | tr ' ' ',')
    want=$(header "$m" goals)
    dir=$out/mutants/$name
    files=$(mutant_core "$m")
    rm -rf "$dir" && mkdir -p "$dir" && cp -r src "$dir/"
    if ! patch -s -p1 -d "$dir" <"$m" >"$dir/patch.log" 2>&1; then
        bad "mutant $name" "patch does not apply (see $dir/patch.log)"
        return
    fi
    (cd "$dir" && "$here/proofs/wp.sh" -wp-fct "$fcts" ${props:+-wp-prop "$props"} \
        -- $files) >"$dir/wp.log" 2>&1
    goal_status "$dir/wp.log" >"$dir/goals.txt"
    failed=$(awk '$2 == "failed" { print $1 }' "$dir/goals.txt" | sort | tr '\n' ' ')
    if [ -z "$want" ]; then
        bad "mutant $name" "no '# goals:' line; goals failing now: ${failed:-none}"
        return
    fi
    problems=$(mutant_problems "$dir/goals.txt" $want)
    if [ -z "$problems" ]; then
        ok "mutant $name: the $(echo $want | wc -w) goal(s) it names fail, and prove on the core ($(why "$m"))"
    else
        bad "mutant $name" "$problems(see $dir/wp.log; failing now: ${failed:-none})"
    fi
}
# has FILE GOAL STATUS: FILE lists GOAL, or one of its parts (GOAL_partN,
# from -wp-split, whose numbering a mutation may change), with STATUS.
has() {
    grep -Eq "^$2(_part[0-9]+)? $3\$" "$1"
}
# mutant_problems GOALS-FILE WANTED...: why the outcome differs from the header.
mutant_problems() {
    got=$1
    shift
    for g in "$@"; do
        if ! has "$out/goals.txt" "$g" Valid || has "$out/goals.txt" "$g" failed; then
            printf '%s not proved by the core run; ' "$g"
        fi
        has "$got" "$g" failed || printf '%s does not fail; ' "$g"
    done
    # A goal the mutation created (absent from the core run) may fail
    # unlisted: it cannot be checked on the core, so it cannot kill.
    awk '$2 == "failed" { print $1 }' "$got" | while read -r g; do
        for w in "$@"; do
            case $g in "$w" | "$w"_part*) continue 2 ;; esac
        done
        grep -q "^$g " "$out/goals.txt" && printf '%s fails but is not listed; ' "$g"
    done
}
for m in proofs/mutants/*.patch; do
    mutant "$m"
done
{
    echo
    echo "## Eva"
    echo
    echo "\`-eva-precision 5\`, octagon and equality domains:"
    echo
    cat "$out/eva.md"
    echo
    echo "## Mutants (each must fail exactly its listed goals, at the main timeout)"
    echo
    for m in proofs/mutants/*.patch; do
        echo "- \`$(basename "$m")\` ($(header "$m" goals | wc -w) goals): $(why "$m")"
    done
} >>"$out/SUMMARY.md"

if [ "$fails" -eq 0 ]; then
    cp "$out/SUMMARY.md" proofs/SUMMARY.md
    rm -rf proofs/results && cp -r "$out/results" proofs/results
fi
[ "$fails" -eq 0 ]
