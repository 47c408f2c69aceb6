#!/bin/sh
# airlock-receive, faults (issues 5, 12): SIGKILL of the supervisor at 13
# points and of each stage (unpack, sigcheck, createrepo_c), SIGTERM;
# disk full while receiving and while publishing (tmpfs in `unshare -m`);
# a stage stand-in that double-forks a sleeper (gone when the run ends),
# a createrepo_c stand-in that forks (killed: seccomp) or writes outside
# meta/ and cache/ (denied);
# checked copies left as a link, a second link or foreign-owned (not
# taken); the idle and total deadlines (ETIMEDOUT, the lock free);
# SIGTERM after the switch (published, result and status agree); a stage
# report broken six ways (EIO, nothing published); each stage's
# environment (PATH and LC_ALL only, whatever the supervisor's holds).
# Shared helpers: tests/receive-lib.sh.
# shellcheck disable=SC1091,SC2086,SC2016 # sourced helpers; lists split on purpose; stand-ins expand their own
set -u
. tests/receive-lib.sh

# ------------------------------------------------------------ SIGKILL

# Each kill run sends GOOD2 over a repository whose current generation
# holds GOOD; afterwards the repository must hold one of the two,
# complete, and the next run must clean up and publish.
conf kill
KR=$T/kill/repo
receive "$T/kill.conf" "$T/k" $GOOD
old="alpha.rpm beta.rpm gamma.rpm "
new="alpha.rpm delta.rpm "

after_kill() { # NAME
    _held=$(consistent "$KR")
    if [ "$_held" != "$old" ] && [ "$_held" != "$new" ]; then
        t_fail "receive: $1" "repository after the kill: $_held"
        return
    fi
    receive "$T/kill.conf" "$T/k2" $GOOD
    _c2=$(consistent "$KR")
    _cl=$(clean_after "$KR" "$T/kill/staging")
    if [ "$RC_S" -eq 0 ] && [ "$RC_R" -eq 0 ] && [ "$_c2" = "$old" ] && [ -z "$_cl" ]; then
        _which=new
        [ "$_held" = "$old" ] && _which=old
        t_ok "receive: $1: repository held the $_which generation, complete; next run cleaned up and published"
    else
        t_fail "receive: $1" "next run: send $RC_S recv $RC_R repo '$_c2' $_cl $(tail -n 1 "$T/k2.recv")"
    fi
}

for pt in locked cleaned staged receiving verifying received verified moved createrepo \
    renamed previous switched published; do
    export AIRLOCK_TEST_KILL_AT="$pt"
    receive "$T/kill.conf" "$T/k" $GOOD2
    unset AIRLOCK_TEST_KILL_AT
    if [ "$RC_R" -ne 137 ]; then
        t_fail "receive: SIGKILL driver at $pt" "driver was not killed (status $RC_R)"
        continue
    fi
    after_kill "SIGKILL driver at $pt"
done

# SIGTERM (as when dom0 shuts down): the driver stops its stages, removes
# its staging and publishes nothing.
before=$(snapshot "$KR")
export AIRLOCK_TEST_KILL_AT=verifying AIRLOCK_TEST_SIGNAL=TERM
receive "$T/kill.conf" "$T/k" $GOOD2
unset AIRLOCK_TEST_KILL_AT AIRLOCK_TEST_SIGNAL
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && grep -q 'interrupted' "$T/k.recv" &&
    [ "$(snapshot "$KR")" = "$before" ] && [ -z "$(ls -A "$T/kill/staging")" ]; then
    t_ok "receive: SIGTERM stops the stages, removes the staging, publishes nothing"
else
    t_fail "receive: SIGTERM" "send $RC_S recv $RC_R: $(tr '\n' ' ' <"$T/k.recv")"
fi

# Staged files are emptied once verified (their checked copies taken):
# killed at "verified", the run's in/ holds every name at 0 bytes and
# pkgs/ a non-empty copy of each.
conf staged
export AIRLOCK_TEST_KILL_AT=verified
receive "$T/staged.conf" "$T/sd" $GOOD2
unset AIRLOCK_TEST_KILL_AT
_run=$(find "$T/staged/staging" -mindepth 1 -maxdepth 1 -name 'run.*' | head -n 1)
_in=$(find "$_run/in" -name '*.rpm' -size 0 | wc -l)
_full=$(find "$_run/in" -name '*.rpm' ! -size 0 | wc -l)
_copies=$(find "$_run/pkgs" -name '*.rpm' ! -size 0 | wc -l)
if [ "$RC_R" -eq 137 ] && [ "$_in" -eq 2 ] && [ "$_full" -eq 0 ] && [ "$_copies" -eq 2 ]; then
    t_ok "receive: staged files emptied once verified (2 names at 0 bytes, 2 copies kept)"
else
    t_fail "receive: staged files emptied" "recv $RC_R; in/: $_in empty, $_full not; pkgs/: $_copies copies ($_run)"
fi
rm -rf "$T/staged"

# Stages: wrappers in a private BINDIR kill the real stage with SIGKILL.
W=$T/wrap
mkdir -p "$W"
ln -s "$BIN/airlock-result" "$W/airlock-result"
ln -s "$BIN/airlock-sigcheck" "$W/airlock-sigcheck"
ln -s "$BIN/airlock-unpack" "$W/airlock-unpack"
cat >"$W/kill-unpack" <<EOF
#!/bin/sh
# airlock-unpack, SIGKILLed once its first package is complete.
for d; do :; done
exec 3<&0
"$BIN/airlock-unpack" "\$@" <&3 3<&- &
p=\$!
exec 3<&- 0</dev/null
while [ -z "\$(ls "\$d")" ] && kill -0 \$p 2>/dev/null; do sleep 0.01; done
kill -KILL \$p
wait \$p
EOF
cat >"$W/kill-sigcheck" <<EOF
#!/bin/sh
# airlock-sigcheck, SIGKILLed while it checks.
"$BIN/airlock-sigcheck" "\$@" &
p=\$!
kill -KILL \$p
wait \$p
EOF
cat >"$W/kill-createrepo" <<'EOF'
#!/bin/sh
# createrepo_c, SIGKILLed while it writes the metadata: half a repomd.xml
# in its output, then the signal. Builtins only: the stage's seccomp
# filter lets it start no process (src/receive/crconf.h).
echo '<?xml version="1.0"?><repomd' >repomd.xml
kill -KILL $$
EOF
chmod 755 "$W"/kill-*

stage_kill() { # STAGE FILES...
    _s=$1
    shift
    rm -f "$W/airlock-$_s"
    if [ "$_s" = createrepo ]; then
        conf kill "CREATEREPO=$W/kill-createrepo"
    else
        cp "$W/kill-$_s" "$W/airlock-$_s"
        conf kill "BINDIR=$W"
    fi
    receive "$T/kill.conf" "$T/k" "$@"
    rm -f "$W/airlock-$_s"
    ln -s "$BIN/airlock-$_s" "$W/airlock-$_s" 2>/dev/null
    conf kill
    if [ "$RC_R" -ne 1 ] || [ "$RC_S" -eq 0 ]; then
        t_fail "receive: SIGKILL $_s" "expected a failed batch: send $RC_S recv $RC_R $(tail -n 1 "$T/k.recv")"
        return
    fi
    if [ "$_s" = createrepo ] && ! grep -q 'createrepo_c failed (status 137)' "$T/k.recv"; then
        t_fail "receive: SIGKILL $_s" "not killed by SIGKILL: $(grep 'createrepo_c failed' "$T/k.recv")"
        return
    fi
    after_kill "SIGKILL $_s"
}
stage_kill unpack $GOOD2 "$P/zz-big.rpm"
stage_kill sigcheck $GOOD2
stage_kill createrepo $GOOD2

# ------------------------------------------------------------ disk full

# A 2 MiB tmpfs has room for the budget (1 MiB, no MIN_FREE) when the run
# checks it (56-receive-budget tests that check); then another writer
# fills it: a stand-in unpacker that fills the tmpfs named in
# $T/fill-at (all but 256 KiB: room for the unpacker's result), then
# unpacks.
FB=$T/fillbin
mkdir -p "$FB"
ln -s "$BIN/airlock-sigcheck" "$FB/airlock-sigcheck"
ln -s "$BIN/airlock-result" "$FB/airlock-result"
cat >"$FB/airlock-unpack" <<EOF
#!/bin/sh
head -c \$((2048 * 1024 - 256 * 1024)) /dev/zero >"\$(cat "$T/fill-at")/filler" 2>/dev/null
exec "$BIN/airlock-unpack" "\$@"
EOF
chmod 755 "$FB/airlock-unpack"

# Staging on the tmpfs: a 600 KiB package does not fit; the unpacker hits
# ENOSPC (or the floor check after the first package finds too little room).
conf full "STAGING_DIR=$T/full/small/staging" "MAX_BYTES=1048576" "MIN_FREE=0"
mkdir -p "$T/full/small"
receive "$T/full.conf" "$T/f" $GOOD
before=$(snapshot "$T/full/repo")
conf full "STAGING_DIR=$T/full/small/staging" "MAX_BYTES=1048576" "MIN_FREE=0" "BINDIR=$FB"
echo "$T/full/small" >"$T/fill-at"
head -c $((600 * 1024)) /dev/urandom >"$T/mid.rpm"
cat >"$T/full.sh" <<EOF
mount -t tmpfs -o size=2m tmpfs "$T/full/small" || exit 9
. "$T/funcs"
receive "$T/full.conf" "$T/f" "$P/delta.rpm" "$T/mid.rpm"
echo "\$RC_S \$RC_R"
EOF
{
    echo "T=$T DRV=$DRV SEND=$SEND"
    sed -n '/^receive() {/,/^}/p' tests/receive-lib.sh
} >"$T/funcs"
rcs=$(unshare -m sh "$T/full.sh")
if [ "$rcs" = "1 1" ] && [ "$(snapshot "$T/full/repo")" = "$before" ] &&
    grep -q -i 'space' "$T/f.send" && grep -q -i 'space' "$T/full/state/error"; then
    t_ok "receive: disk full while receiving: clear error to sender and dom0, repository unchanged"
else
    t_fail "receive: disk full while receiving" "$rcs; sender: $(tr '\n' ' ' <"$T/f.send") error: $(cat "$T/full/state/error" 2>/dev/null)"
fi

# Repository on the tmpfs holding a generation, filled while the batch
# arrives: the floor check as copies are taken finds no space (before the
# copies move there); the old generation must stay.
conf full2 "REPO_DIR=$T/full2/small/repo" "MAX_BYTES=1048576" "MIN_FREE=0"
mkdir -p "$T/full2/small"
echo "$T/full2/small" >"$T/fill-at"
cat >"$T/full2.sh" <<EOF
mount -t tmpfs -o size=2m tmpfs "$T/full2/small" || exit 9
. "$T/funcs"
receive "$T/full2.conf" "$T/f" $GOOD
[ "\$RC_R" = 0 ] || { echo "first \$RC_S \$RC_R"; exit 0; }
(cd "$T/full2/small/repo" && find . -printf '%p %l %s\n' | sort) >"$T/full2.before"
echo "BINDIR=$FB" >>"$T/full2.conf"
receive "$T/full2.conf" "$T/f" "$P/delta.rpm" "$P/alpha.rpm"
echo "\$RC_S \$RC_R"
(cd "$T/full2/small/repo" && find . -printf '%p %l %s\n' | sort) >"$T/full2.after"
EOF
rcs=$(unshare -m sh "$T/full2.sh")
if [ "$rcs" = "1 1" ] && cmp -s "$T/full2.before" "$T/full2.after" &&
    grep -q -i 'space' "$T/f.send" && grep -q -i 'space' "$T/full2/state/error"; then
    t_ok "receive: disk full while publishing: clear error to sender and dom0, repository unchanged"
else
    t_fail "receive: full repository filesystem" "$rcs $(tail -n 2 "$T/f.recv" | tr '\n' ' ')"
fi


# ------------------------------------------------------------ what stages leave

# A stage stand-in that double-forks a sleeper (marked by its unique
# duration) before running the real stage: when the run ends, the
# sleeper is gone (the stage's PID namespace ended with it). The
# createrepo_c stage may not fork at all: its stand-in's first fork is
# killed by its seccomp filter (SIGSYS, status 159) and nothing is
# published.
S=$T/standin
mkdir -p "$S"
ln -s "$BIN/airlock-unpack" "$S/airlock-unpack"
mark=$((31000 + $$ % 1000))
{
    echo '#!/bin/sh'
    echo '# airlock-sigcheck, after leaving a sleeper behind (double fork).'
    echo "( ( exec sleep $mark ) & ) </dev/null >/dev/null 2>&1"
    echo "exec '$BIN/airlock-sigcheck' \"\$@\""
} >"$S/airlock-sigcheck"
{
    echo '#!/bin/sh'
    echo '# createrepo_c (as CHECK_USER), trying to leave a sleeper behind.'
    echo "( ( exec sleep $((mark + 1)) ) & ) </dev/null >/dev/null 2>&1"
    echo 'exec createrepo_c "$@"'
} >"$S/createrepo"
chmod 755 "$S/airlock-sigcheck" "$S/createrepo"
conf standin "BINDIR=$S"
receive "$T/standin.conf" "$T/s" $GOOD
left=$(pgrep -f "^sleep ($mark|$((mark + 1)))\$" | tr '\n' ' ')
if [ "$RC_R" -eq 0 ] && [ "$RC_S" -eq 0 ] && [ -z "$left" ] &&
    [ "$(consistent "$T/standin/repo")" = "alpha.rpm beta.rpm gamma.rpm " ]; then
    t_ok "receive: what the checker double-forks is gone when the run ends"
else
    t_fail "receive: double-forked sleeper" "recv $RC_R send $RC_S, left: '$left' $(tail -n 1 "$T/s.recv")"
    [ -z "$left" ] || kill $left
fi
conf crfork "CREATEREPO=$S/createrepo"
receive "$T/crfork.conf" "$T/f" $GOOD
left=$(pgrep -f "^sleep ($mark|$((mark + 1)))\$" | tr '\n' ' ')
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && [ -z "$left" ] && [ ! -e "$T/crfork/repo/current" ] &&
    grep -q 'createrepo_c failed (status 159)' "$T/f.recv"; then
    t_ok "receive: a createrepo_c that forks is killed by its seccomp filter (SIGSYS); nothing published"
else
    t_fail "receive: forking createrepo_c" "recv $RC_R send $RC_S, left: '$left' $(tail -n 2 "$T/f.recv" | tr '\n' ' ')"
    [ -z "$left" ] || kill $left
fi

# A stand-in for a compromised createrepo_c: from its stage (CHECK_USER,
# confined as src/receive/crconf.h says) it writes where it may (meta/,
# its output and working directory, and cache/) and tries where it may
# not but file permissions would let CHECK_USER: a directory of
# CHECK_USER's, /tmp, /var/tmp, /dev/shm, the checked copies' out/. Its
# one-line report on stderr is what the supervisor's failure names.
# Builtins only: the stage may start no process.
E=$T/escape
mkdir -p "$E" && chown "$CHECK_USER" "$E"
{
    echo '#!/bin/sh'
    echo 'r=""'
    echo 'w() { if { echo x >>"$1"; } 2>&-; then r="$r $2:WROTE"; else r="$r $2:denied"; fi; }'
    echo 'w ./meta-ok meta; w ../cache/cache-ok cache'
    echo "w '$E/x' outside; w /tmp/airlock-cr-escape tmp; w /var/tmp/airlock-cr-escape vartmp"
    echo 'w /dev/shm/airlock-cr-escape shm; w ../out/x out'
    echo 'echo "stand-in:$r" >&2'
    echo 'exit 1'
} >"$E/createrepo"
chmod 755 "$E/createrepo"
rm -f /tmp/airlock-cr-escape /var/tmp/airlock-cr-escape /dev/shm/airlock-cr-escape
conf esc "CREATEREPO=$E/createrepo"
receive "$T/esc.conf" "$T/e" $GOOD
want='stand-in: meta:WROTE cache:WROTE outside:denied tmp:denied vartmp:denied shm:denied out:denied'
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && [ ! -e "$T/esc/repo/current" ] &&
    grep -qF "createrepo_c failed (status 1): $want" "$T/e.recv" && [ ! -e "$E/x" ] &&
    [ ! -e /tmp/airlock-cr-escape ] && [ ! -e /var/tmp/airlock-cr-escape ] &&
    [ ! -e /dev/shm/airlock-cr-escape ]; then
    t_ok "receive: createrepo_c's stage writes only meta/ and cache/ (not CHECK_USER's other directories, /tmp, /var/tmp, /dev/shm, out/)"
else
    t_fail "receive: createrepo_c confinement" "recv $RC_R send $RC_S: $(grep -F 'createrepo_c failed' "$T/e.recv")"
fi
rm -f /tmp/airlock-cr-escape /var/tmp/airlock-cr-escape /dev/shm/airlock-cr-escape

# Every stage gets a minimal environment of its own (stage.c): stand-ins
# for the unpacker and the checker record the environment they were
# executed with (the shell's own /proc/self/environ, opened by the shell
# itself: as exec(2) gave it, before the shell adds PWD; $$ is not the
# PID /proc knows inside the stage's PID namespace; fd 9, as 3 is the
# checker's report) and run the real stage; the supervisor's own
# environment carries a leak marker, a glibc malloc variable and an
# LD_-named one. Each must see exactly PATH=/usr/bin:/bin and LC_ALL=C.
# createrepo_c's stage may start no process and write only meta/ and
# cache/ (crconf.h), so its stand-in uses builtins only: the names
# `export -p` lists, gathered through a file in meta/, on its one stderr
# line, which the supervisor's failure names (the shell itself adds PWD).
E=$T/env
mkdir -p "$E" && chmod 1777 "$E"
rm -f "$S/airlock-unpack"
for st in unpack sigcheck; do
    {
        echo '#!/bin/sh'
        echo "# $st, after recording its environment."
        printf '%s\n' "exec 9</proc/self/environ" "tr '\\0' '\\n' <&9 | sort >'$E/$st'" 'exec 9<&-'
        printf '%s\n' "exec '$BIN/airlock-$st' \"\$@\""
    } >"$S/airlock-$st"
    chmod 755 "$S/airlock-$st"
done
{
    echo '#!/bin/sh'
    echo '# createrepo_c: the names of its environment on stderr, builtins only.'
    echo 'export -p >./env-names; l=""'
    echo 'while read -r _ kv; do l="$l ${kv%%=*}"; done <./env-names'
    echo 'echo "stand-in env:$l" >&2; exit 1'
} >"$S/createrepo"
chmod 755 "$S/createrepo"
conf standin "BINDIR=$S" "CREATEREPO=$S/createrepo"
export AIRLOCK_LEAK=1 MALLOC_CHECK_=3 LD_AIRLOCK_TEST=1
receive "$T/standin.conf" "$T/s" $GOOD
unset AIRLOCK_LEAK MALLOC_CHECK_ LD_AIRLOCK_TEST
want=$(printf 'LC_ALL=C\nPATH=/usr/bin:/bin')
for st in unpack sigcheck; do
    got=$(cat "$E/$st" 2>/dev/null)
    if [ "$RC_R" -eq 1 ] && [ "$got" = "$want" ]; then
        t_ok "receive: the $st stage's environment is PATH and LC_ALL only (AIRLOCK_LEAK, MALLOC_CHECK_, LD_AIRLOCK_TEST not passed)"
    else
        t_fail "receive: $st stage environment" "recv $RC_R send $RC_S, got: $(echo "$got" | tr '\n' ' ' | head -c 300)"
    fi
done
if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] &&
    grep -qF 'createrepo_c failed (status 1): stand-in env: LC_ALL PATH PWD' "$T/s.recv"; then
    t_ok "receive: the createrepo stage's environment is PATH and LC_ALL only (and the shell's PWD)"
else
    t_fail "receive: createrepo stage environment" "recv $RC_R send $RC_S: $(grep -F 'createrepo_c failed' "$T/s.recv")"
fi
rm -f "$S/createrepo" "$S/airlock-unpack"
ln -s "$BIN/airlock-unpack" "$S/airlock-unpack"

# A checker stand-in that, after the real check, replaces a passing
# package's copy with a symbolic link, gives it a second hard link, or
# makes it root's: the supervisor takes none of them, publishes nothing,
# and answers an internal error (EIO).
for how in symlink hardlink owner; do
    case $how in
        symlink) act='rm -f "$o/beta.rpm"; ln -s /etc/passwd "$o/beta.rpm"' ;;
        hardlink) act='ln "$o/beta.rpm" "$o/.extra"' ;;
        owner) act='chown root "$o/beta.rpm"' ;;
    esac
    {
        echo '#!/bin/sh'
        echo 'o=""; p=""'
        echo 'for a; do [ "$p" = --output-dir ] && o=$a; p=$a; done'
        echo "'$BIN/airlock-sigcheck' \"\$@\""
        echo 'rc=$?'
        echo "[ -e \"\$o/beta.rpm\" ] && { $act; }"
        echo 'exit $rc'
    } >"$S/airlock-sigcheck"
    conf standin "BINDIR=$S"
    before=$(snapshot "$T/standin/repo")
    receive "$T/standin.conf" "$T/s" $GOOD
    if [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && [ "$(snapshot "$T/standin/repo")" = "$before" ] &&
        grep -q 'internal error' "$T/s.send" && grep -q 'not a plain file' "$T/standin/state/error"; then
        t_ok "receive: a checked copy left as a $how is not taken; nothing published, EIO"
    else
        t_fail "receive: copy left as a $how" "recv $RC_R send $RC_S: $(tail -n 1 "$T/s.recv")"
    fi
done

# ------------------------------------------------------------ the stage report

# A checker stand-in that runs the real check with its report going
# elsewhere, then writes a broken report on fd 3: each breakage fails
# the run (EIO), nothing published. Good: the real report passed through
# unchanged (the stand-in works).
for how in good fields name raw extra missing verdict; do
    case $how in
        good) edit='cat' ;;
        fields) edit='sed "1s/\t[^\t]*\$//"' ;;
        name) edit='sed "1s/^pkg\talpha.rpm/pkg\tbeta.rpm/"' ;;
        raw) edit='sed "1s/\tok\t/\tok \t/"' ;;
        extra) edit='sed "1p"' ;;
        missing) edit='sed 1d' ;;
        verdict) edit='sed "1s/\tok\tok\t/\tfail\tok\t/"' ;;
    esac
    {
        echo '#!/bin/sh'
        echo "'$BIN/airlock-sigcheck' \"\$@\" 3>'$T/rep/rep'"
        echo 'rc=$?'
        echo "$edit <'$T/rep/rep' >&3"
        echo 'exit $rc'
    } >"$S/airlock-sigcheck"
    chmod 755 "$S/airlock-sigcheck"
    mkdir -p "$T/rep" && chmod 777 "$T/rep"
    conf standin "BINDIR=$S"
    before=$(snapshot "$T/standin/repo")
    receive "$T/standin.conf" "$T/s" "$P/alpha.rpm"
    if [ "$how" = good ]; then
        if [ "$RC_R" -eq 0 ] && [ "$RC_S" -eq 0 ]; then
            t_ok "receive: a stand-in passing the checker's report through unchanged publishes"
        else
            t_fail "receive: report stand-in" "recv $RC_R send $RC_S: $(tail -n 1 "$T/s.recv")"
        fi
    elif [ "$RC_R" -eq 1 ] && [ "$RC_S" -ne 0 ] && [ "$(snapshot "$T/standin/repo")" = "$before" ] &&
        grep -q 'internal error' "$T/s.send"; then
        t_ok "receive: a stage report broken ($how) fails the run with EIO, nothing published"
    else
        t_fail "receive: broken report ($how)" "recv $RC_R send $RC_S: $(tail -n 1 "$T/s.recv")"
    fi
done

# ------------------------------------------------------------ deadlines

# The stream stalls (IDLE_TIMEOUT) or lasts too long (TOTAL_TIMEOUT):
# the run fails with ETIMEDOUT to the sender, nothing is published, and
# the lock is free at once (a LOCK_WAIT=0 receive right after publishes).
"$SEND" $GOOD >"$T/stream.bin" </dev/null 2>/dev/null
deadline() { # KEY FEEDER KEY=VALUE...
    _key=$1 _feed=$2
    shift 2
    conf dl "LOCK_WAIT=0" "$@"
    # (The feeder outlives the receiver: the receiver's own time counts.)
    sh -c "$_feed" | (_t0=$(date +%s)
        QREXEC_REMOTE_DOMAIN=sys-test timeout 60 "$DRV" --config "$T/dl.conf" >"$T/dl.out" 2>"$T/dl.err"
        echo "$? $(($(date +%s) - _t0))" >"$T/dl.rc")
    read -r _rc _el <"$T/dl.rc"
    _said=$(cat "$T/dl/state/error" 2>/dev/null)
    receive "$T/dl.conf" "$T/dl2" $GOOD2
    if [ "$_rc" -eq 1 ] && [ "$(answer_of "$T/dl.out" | cut -d' ' -f1)" = 110 ] && [ "$_el" -le 5 ] &&
        echo "$_said" | grep -q "$_key" && [ "$RC_R" -eq 0 ] &&
        [ "$(consistent "$T/dl/repo")" = "alpha.rpm delta.rpm " ]; then
        t_ok "receive: $_key: ETIMEDOUT after ${_el}s, nothing published, the lock free"
    else
        t_fail "receive: $_key" "rc $_rc after ${_el}s, answer $(answer_of "$T/dl.out"), next $RC_R: $(tail -n 1 "$T/dl.err")"
    fi
}
# shellcheck disable=SC2016 # expanded by the feeder's shell
deadline IDLE_TIMEOUT "head -c 300 '$T/stream.bin'; sleep 8" "IDLE_TIMEOUT=2"
# shellcheck disable=SC2016 # expanded by the feeder's shell
deadline TOTAL_TIMEOUT 'i=0; while [ $i -lt 40 ]; do dd if='"'$T/stream.bin'"' bs=100 skip=$i count=1 status=none; sleep 0.2; i=$((i + 1)); done' \
    "IDLE_TIMEOUT=100" "TOTAL_TIMEOUT=2"

# ------------------------------------------------------------ after the switch

# SIGTERM once current is switched: the run finishes; result, status and
# current all say published (never "nothing published").
conf late
receive "$T/late.conf" "$T/l" $GOOD
export AIRLOCK_TEST_KILL_AT=switched AIRLOCK_TEST_SIGNAL=TERM
receive "$T/late.conf" "$T/l" $GOOD2
unset AIRLOCK_TEST_KILL_AT AIRLOCK_TEST_SIGNAL
g=$(readlink "$T/late/repo/current")
if [ "$RC_R" -eq 0 ] && [ "$RC_S" -eq 0 ] && ! grep -q 'nothing published' "$T/l.recv" &&
    [ "$(consistent "$T/late/repo")" = "alpha.rpm delta.rpm " ] &&
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["result"]=="published" and d["generation"]==sys.argv[2]' \
        "$T/late/state/status.json" "$g"; then
    t_ok "receive: SIGTERM after the switch: published, and result, status and current agree"
else
    t_fail "receive: signal after the switch" "recv $RC_R send $RC_S: $(tr '\n' ' ' <"$T/l.recv")"
fi
