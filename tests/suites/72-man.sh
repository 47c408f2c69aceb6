#!/bin/sh
# The man pages in man/ (issue 14) against the programs they describe:
#   pages-exist     each program of build/ but airlock-result (an internal
#                   helper of airlock-receive, which passes it fixed
#                   arguments) and airlock-qrexec-front (run by
#                   airlock-receive@.service, described in
#                   airlock-receive(8)) has exactly one page, plus
#                   airlock.conf.5
#   options-PROG    per program: the options the page lists (.It Fl lines
#                   of its OPTIONS section) are exactly the options of
#                   PROG --help (its synopsis up to the first empty line,
#                   and every line that starts with an option), and each
#                   option of the page's SYNOPSIS is among them
#   keys-airlock.conf  the keys the page lists (.It Va lines of KEYS) are
#                   exactly those airlock-receive's read_config accepts and
#                   those its --help lists; every key the shipped
#                   src/receive/airlock.conf sets is among them
#   lint-PAGE       mandoc -Tlint at warning level and groff -mandoc -ww
#                   (what man(1) renders with) print nothing; .Dt and .Nm
#                   name the page's file
#   make-man        `make man` renders every page into build/man/
#   detects-drift   the comparisons can fail: a page with one option line
#                   removed, one with an option that no program has, and
#                   an airlock.conf(5) without a key are each reported
# The option names are compared as sets, "--" (end of options) aside.
set -u
# shellcheck disable=SC1091 # sourced helpers (t_ok, t_fail)
. tests/lib.sh

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
PAGES="airlock-download.8 airlock-receive.8 airlock-send.1 airlock-sigcheck.1 airlock-unpack.1 airlock-update.8 airlock.conf.5"

# ------------------------------------------------------------ extraction

# help_opts: the option names of a --help text on stdin, one a line.
help_opts() {
    awk '
        function opts(s) {
            while (match(s, /--[a-z][a-z-]*/)) {
                print substr(s, RSTART, RLENGTH)
                s = substr(s, RSTART + RLENGTH)
            }
        }
        synopsis && /^[[:space:]]*$/ { synopsis = 0; next }
        synopsis { opts($0); next }
        $1 ~ /^--[a-z]/ { opts($1) }
    ' synopsis=1 | sort -u
}

# section PAGE NAME: the mdoc source lines of section NAME of PAGE.
section() {
    awk -v s="$2" '/^\.Sh / { on = ($2 == s) ; next } on' "$1"
}

# fl_opts: the options named by Fl on the mdoc lines on stdin: every
# word starting with "-" from the first Fl of a line on ("Fl -a | -b"
# names both), as rendered ("-x" becomes "--x"); the bare "--" aside.
fl_opts() {
    awk '{
        on = 0
        for (i = 1; i <= NF; i++) {
            if ($i == "Fl") { on = 1; continue }
            if (on && $i ~ /^-[a-z]/) print "-" $i
        }
    }' | sort -u
}

page_list_opts() { section "$1" OPTIONS | grep '^\.It Fl ' | fl_opts; }
page_synopsis_opts() { section "$1" SYNOPSIS | grep 'Fl ' | fl_opts; }

# diff_sets NAME_A FILE_A NAME_B FILE_B: nothing if the two sorted sets
# are equal, else what is in one only.
diff_sets() {
    _a=$(comm -23 "$2" "$4" | paste -s -d ' ' -)
    _b=$(comm -13 "$2" "$4" | paste -s -d ' ' -)
    [ -z "$_a" ] || printf 'in %s, not in %s: %s; ' "$1" "$3" "$_a"
    [ -z "$_b" ] || printf 'in %s, not in %s: %s; ' "$3" "$1" "$_b"
}

# option_drift PAGE HELPFILE: the mismatches of PAGE's options with the
# --help text in HELPFILE (nothing when they agree).
option_drift() {
    page_list_opts "$1" >"$T/p.list"
    page_synopsis_opts "$1" >"$T/p.syn"
    help_opts <"$2" >"$T/h.list"
    diff_sets "the man page" "$T/p.list" "--help" "$T/h.list"
    _stray=$(comm -23 "$T/p.syn" "$T/p.list" | paste -s -d ' ' -)
    [ -z "$_stray" ] || printf 'in its SYNOPSIS, not in its OPTIONS: %s; ' "$_stray"
}

# Keys: the page's, airlock-receive's read_config's, its --help's and the
# shipped file's, one a line, sorted.
page_keys() { section "$1" KEYS | sed -n 's/^\.It Va \([A-Z_]*\).*/\1/p' | sort -u; }
# shellcheck disable=SC2016 # the $ is the script's, matched literally
read_keys() {
    sed -n '/^read_config()/,/^}/p' "$1" | sed -n '/case \$_key in/,/eval /p' |
        tr -c 'A-Za-z_' '\n' | grep -E '^[A-Z][A-Z_]*$' | sort -u
}
help_keys() {
    sed -n '/^Configuration:/,/^$/p' | awk '$1 ~ /^[A-Z][A-Z_]+$/ { print $1 }' | sort -u
}
conf_keys() { sed -n 's/^\([A-Z][A-Z_]*\)=.*/\1/p' "$1" | sort -u; }

# key_drift PAGE SCRIPT CONF: the mismatches of PAGE's keys with those of
# the receive script SCRIPT and the configuration file CONF.
key_drift() {
    page_keys "$1" >"$T/k.page"
    read_keys "$2" >"$T/k.read"
    sh "$2" --help | help_keys >"$T/k.help"
    conf_keys "$3" >"$T/k.conf"
    diff_sets "airlock.conf(5)" "$T/k.page" "read_config" "$T/k.read"
    diff_sets "airlock.conf(5)" "$T/k.page" "airlock-receive --help" "$T/k.help"
    _extra=$(comm -13 "$T/k.page" "$T/k.conf" | paste -s -d ' ' -)
    [ -z "$_extra" ] || printf 'set in %s, not in airlock.conf(5): %s; ' "$3" "$_extra"
    [ -s "$T/k.page" ] || printf 'no key found in the page; '
}

# ------------------------------------------------------------ the checks

pages_exist() {
    _want=$(for _p in build/airlock-*; do
        case ${_p##*/} in airlock-result | airlock-qrexec-front | *.*) ;; *) echo "${_p##*/}" ;; esac
    done | sort | tr '\n' ' ')
    _have=$(for _m in man/airlock-*.[1-8]; do _n=${_m##*/}; echo "${_n%.*}"; done | sort | tr '\n' ' ')
    _all=$(for _m in man/*.[1-8]; do echo "${_m##*/}"; done | sort | tr '\n' ' ')
    if [ "$_want" != "$_have" ]; then
        t_fail pages-exist "programs '$_want', pages for '$_have'"
    elif [ "$_all" != "$PAGES " ]; then
        t_fail pages-exist "man/ holds '$_all', not '$PAGES '"
    else
        t_ok "pages-exist (${_all% })"
    fi
}

options() {
    _page=man/$1
    _prog=${1%.*}
    if ! "build/$_prog" --help >"$T/help" 2>&1; then
        t_fail "options-$_prog" "build/$_prog --help failed"
        return
    fi
    _d=$(option_drift "$_page" "$T/help")
    if [ -n "$_d" ]; then
        t_fail "options-$_prog" "${_d%; }"
    else
        t_ok "options-$_prog ($(tr '\n' ' ' <"$T/p.list" | sed 's/ $//'))"
    fi
}

keys() {
    _d=$(key_drift man/airlock.conf.5 src/receive/airlock-receive src/receive/airlock.conf)
    if [ -n "$_d" ]; then
        t_fail keys-airlock.conf "${_d%; }"
    else
        t_ok "keys-airlock.conf ($(wc -l <"$T/k.page") keys, as read_config, --help and the shipped file)"
    fi
}

lint() {
    _f=man/$1
    _name=${1%.*}
    _sec=${1##*.}
    _m=$(mandoc -Tlint -W warning "$_f" 2>&1)
    _rc=$?
    _g=$(groff -mandoc -ww -z "$_f" 2>&1)
    _dt=$(sed -n 's/^\.Dt //p' "$_f")
    _nm=$(sed -n 's/^\.Nm \(.*\)/\1/p' "$_f" | head -n 1)
    _updt=$(echo "$_name $_sec" | tr '[:lower:]' '[:upper:]')
    if [ "$_rc" -ne 0 ] || [ -n "$_m" ]; then
        t_fail "lint-$1" "mandoc (exit $_rc): $(echo "$_m" | head -n 2 | tr '\n' ' ')"
    elif [ -n "$_g" ]; then
        t_fail "lint-$1" "groff: $(echo "$_g" | head -n 2 | tr '\n' ' ')"
    elif [ "$_dt" != "$_updt" ] || [ "$_nm" != "$_name" ]; then
        t_fail "lint-$1" ".Dt '$_dt', .Nm '$_nm'; want '$_updt' and '$_name'"
    else
        t_ok "lint-$1 (mandoc -Tlint -W warning, groff -ww: silent)"
    fi
}

make_man() {
    if ! shell_make "$T/make.log" man SKIP_DEPS=1; then
        t_fail make-man "make man failed: $(tail -n 2 "$T/make.log" | tr '\n' ' ')"
        return
    fi
    _miss=""
    for _p in $PAGES; do
        [ -s "build/man/$_p.txt" ] && [ -s "build/man/$_p.html" ] || _miss="$_miss $_p"
    done
    if [ -n "$_miss" ]; then
        t_fail make-man "not rendered:$_miss"
    else
        t_ok "make-man (every page rendered into build/man/, .txt and .html)"
    fi
}

# Three broken copies, each of which the comparisons must report.
detects_drift() {
    build/airlock-unpack --help >"$T/help.unpack" 2>&1
    grep -v '^\.It Fl -max-files' man/airlock-unpack.1 >"$T/lost.1"
    sed 's/^\.It Fl -user Ar name$/&\nA bogus option.\n.It Fl -bogus/' man/airlock-unpack.1 >"$T/extra.1"
    sed '/^\.It Va JOBS$/d' man/airlock.conf.5 >"$T/lost.5"
    _bad=""
    option_drift "$T/lost.1" "$T/help.unpack" | grep -q -e '--max-files' || _bad="$_bad lost-option"
    option_drift "$T/extra.1" "$T/help.unpack" | grep -q -e '--bogus' || _bad="$_bad extra-option"
    key_drift "$T/lost.5" src/receive/airlock-receive src/receive/airlock.conf |
        grep -q JOBS || _bad="$_bad lost-key"
    if ! grep -q -e '^\.It Fl -bogus' "$T/extra.1" || cmp -s man/airlock-unpack.1 "$T/lost.1"; then
        _bad="$_bad (the broken copies were not made)"
    fi
    if [ -n "$_bad" ]; then
        t_fail detects-drift "not reported:$_bad"
    else
        t_ok "detects-drift (a removed option, an unknown option, a removed key: each reported)"
    fi
}

# exit_statuses PAGE SCRIPT: the statuses of PAGE's EXIT STATUS section
# (.It N lines) are exactly the X_NAME=N values SCRIPT exits with; with
# a third argument, PAGE first loses its status-5 entry (must be reported).
exit_statuses() {
    _pg=$1
    if [ -n "${3-}" ]; then sed '/^\.It 5$/d' "$1" >"$T/st.page"; _pg=$T/st.page; fi
    section "$_pg" "EXIT" | awk '$1 == ".It" && $2 ~ /^[0-9]+$/ { print $2 }' | sort -u >"$T/st.man"
    grep -o 'X_[A-Z]*=[0-9]*' "$2" | cut -d= -f2 | sort -u >"$T/st.prog"
    diff_sets "the page" "$T/st.man" "$2" "$T/st.prog"
}
exit_status_check() {
    _d=$(exit_statuses man/airlock-update.8 src/update/airlock-update)
    _m=$(exit_statuses man/airlock-update.8 src/update/airlock-update lose5)
    if [ -n "$_d" ]; then
        t_fail exit-status-airlock-update "$_d"
    elif [ -z "$_m" ] || [ ! -s "$T/st.prog" ]; then
        t_fail exit-status-airlock-update "a page without status 5 was not reported"
    else
        t_ok "exit-status-airlock-update (the page lists exactly the script's X_ statuses; a lost one is reported)"
    fi
}

pages_exist
exit_status_check
for _p in $PAGES; do
    case $_p in airlock.conf.5) keys ;; *) options "$_p" ;; esac
done
for _p in $PAGES; do lint "$_p"; done
make_man
detects_drift
