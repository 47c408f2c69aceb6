#!/bin/sh
# Benchmark of airlock-unpack (issue 3), run by `make bench-unpack`.
#
# Builds once (cached under build/bench/) a 1 GiB qfile stream of 400 x
# 2.5 MiB files and a tar of the same 400 files. Then, RUNS times (default
# 3), each into a fresh directory on tmpfs (/dev/shm):
#   cat STREAM | airlock-unpack DIR     (result to /dev/null)
#   cat TAR    | tar -xf - -C DIR
#   cat STREAM > /dev/null
# timed with /usr/bin/time (the measured program only, not the cat feeding
# it). Prints each run, then the best and median throughput, the ratio to
# tar -x, CPU seconds per GiB and peak RSS of airlock-unpack.
# Targets (issue 3): >= 1.5x tar -x, <= 0.6 CPU-s/GiB, RSS < 8 MiB.
set -eu
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
B=build/bench
STREAM=$B/unpack-400x2.5M.qfile
TAR=$B/unpack-400x2.5M.tar
SHM=${BENCH_TMPFS:-/dev/shm}
mkdir -p "$B"
work=$(mktemp -d "$SHM/airlock-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"

as_user=""
user_opt=""
if [ "$(id -u)" -eq 0 ]; then
    as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
    user_opt="--user nobody"
fi
fresh_dir() {
    rm -rf "$work/d"
    mkdir "$work/d"
    [ -z "$as_user" ] || chown nobody:nogroup "$work/d"
}

if [ ! -s "$STREAM" ]; then
    echo "bench: generating $STREAM (once)"
    build/test/airlock-mkstream files 400 2621440 pkg end > "$STREAM.tmp"
    mv "$STREAM.tmp" "$STREAM"
fi
if [ ! -s "$TAR" ]; then
    echo "bench: generating $TAR (once)"
    fresh_dir
    # shellcheck disable=SC2086
    build/airlock-unpack $user_opt --max-bytes 2000000000 "$work/d" < "$STREAM" > /dev/null
    tar -cf "$TAR.tmp" -C "$work/d" .
    mv "$TAR.tmp" "$TAR"
fi
cat "$STREAM" "$TAR" > /dev/null   # warm the page cache

# timeit OUTFILE CMD...: /usr/bin/time "elapsed user sys maxrss_kib"
timeit() {
    _o=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$_o" "$@"
}

gib=$(awk -v s="$(stat -c %s "$STREAM")" 'BEGIN { print s / 1073741824 }')
: > "$work/runs"
i=1
while [ "$i" -le "$RUNS" ]; do
    fresh_dir
    # shellcheck disable=SC2086
    cat "$STREAM" | timeit "$work/t.u" build/airlock-unpack $user_opt \
        --max-bytes 2000000000 "$work/d" > /dev/null
    [ "$(ls "$work/d" | wc -l)" -eq 400 ] || { echo "bench: unpack did not store 400 files" >&2; exit 1; }
    fresh_dir
    cat "$TAR" | timeit "$work/t.t" $as_user tar -xf - -C "$work/d"
    timeit "$work/t.c" cat "$STREAM" > /dev/null
    echo "$(cat "$work/t.u") $(cat "$work/t.t") $(cat "$work/t.c")" >> "$work/runs"
    i=$((i + 1))
done

awk -v gib="$gib" '
{ ue[NR]=$1; cpu[NR]=($2+$3)/gib; rss[NR]=$4/1024; te[NR]=$5; tcpu[NR]=($6+$7)/gib; ce[NR]=$9
  printf "run %d: airlock-unpack %.2fs (%.0f MiB/s, %.2f CPU-s/GiB, %.1f MiB RSS) | tar -x %.2fs (%.0f MiB/s, %.2f CPU-s/GiB) | cat %.2fs (%.0f MiB/s) | ratio %.2fx\n",
     NR, $1, gib*1024/$1, cpu[NR], rss[NR], $5, gib*1024/$5, tcpu[NR], $9, gib*1024/$9, $5/$1 }
function sort(a, n,   i, j, t) { for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t=a[j]; a[j]=a[j-1]; a[j-1]=t } }
function med(a, n) { sort(a, n); return n % 2 ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2 }
function best(a, n) { sort(a, n); return a[1] }
END {
  n = NR
  for (i = 1; i <= n; i++) { r[i] = te[i]/ue[i]; nr[i] = -r[i] }
  printf "best:   airlock-unpack %.0f MiB/s, tar -x %.0f MiB/s, cat %.0f MiB/s, ratio %.2fx, %.2f CPU-s/GiB (tar %.2f), RSS %.1f MiB\n",
     gib*1024/best(ue,n), gib*1024/best(te,n), gib*1024/best(ce,n), -best(nr,n), best(cpu,n), best(tcpu,n), best(rss,n)
  for (i = 1; i <= n; i++) { u2[i]=ue[i]; t2[i]=te[i]; c2[i]=ce[i]; r2[i]=r[i] }
  printf "median: airlock-unpack %.0f MiB/s, tar -x %.0f MiB/s, cat %.0f MiB/s, ratio %.2fx, %.2f CPU-s/GiB (tar %.2f), RSS %.1f MiB\n",
     gib*1024/med(u2,n), gib*1024/med(t2,n), gib*1024/med(c2,n), med(r2,n), med(cpu,n), med(tcpu,n), med(rss,n)
  print "targets: ratio >= 1.5x, <= 0.6 CPU-s/GiB, RSS < 8 MiB"
}' "$work/runs"
