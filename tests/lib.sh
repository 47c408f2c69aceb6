# Helpers shared by the shell test suites (sourced, not run).
# t_ok NAME / t_fail NAME REASON print one result line each.
# t_check NAME CMD... runs CMD and reports ok when it exits 0.
t_ok()   { echo "ok - $1"; }
t_fail() { echo "not ok - $1: $2"; }
t_check() {
    _name=$1; shift
    if "$@" >/dev/null 2>&1; then t_ok "$_name"; else t_fail "$_name" "command failed: $*"; fi
}
