# Helpers shared by the shell test suites (sourced, not run).
# t_ok NAME / t_fail NAME REASON print one result line each.
# t_check NAME CMD... runs CMD and reports ok when it exits 0.
t_ok()   { echo "ok - $1"; }
t_fail() { echo "not ok - $1: $2"; }
t_check() {
    _name=$1; shift
    if "$@" >/dev/null 2>&1; then t_ok "$_name"; else t_fail "$_name" "command failed: $*"; fi
}
# shell_make LOG ARGS...: make ARGS as typed at a shell (nothing inherited
# from a calling make, such as `make check`'s flags), output in LOG.
shell_make() {
    _log=$1; shift
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory "$@" >"$_log" 2>&1
}
# scratch_home DIR: HOME becomes DIR/home, new and empty, so that no
# ~/.rpmmacros or user configuration of the tools is read.
scratch_home() {
    mkdir "$1/home" && HOME=$1/home && export HOME
}
# ensure_user NAME: a system user NAME (no home, no login) exists; made
# if missing (root only). For the receive tests and the demo, whose
# signature check runs as its own dedicated user.
ensure_user() {
    id -u "$1" >/dev/null 2>&1 && return 0
    useradd --system --no-create-home --shell /usr/sbin/nologin "$1"
}
# scratch_dir: T becomes a new temporary directory (mode 755, so that the
# dropped user of airlock-sigcheck --user can read it), removed on exit;
# umask 022 for the files made in it.
scratch_dir() {
    T=$(mktemp -d) || exit 2
    trap 'rm -rf "$T"' EXIT INT TERM
    chmod 755 "$T"
    umask 022
}
