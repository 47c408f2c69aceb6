#!/bin/sh
# fuzz/options.sh TARGET -- print the libFuzzer flags of fuzz/TARGET.options
# ("key = value" lines of its [libfuzzer] section) as -key=value words.
[ -f "fuzz/$1.options" ] || exit 0
sed -n 's/^[[:space:]]*\([a-z_]*\)[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*$/-\1=\2/p' "fuzz/$1.options" | tr '\n' ' '
