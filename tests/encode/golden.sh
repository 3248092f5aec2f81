#!/usr/bin/env bash
# tests/encode/golden.sh - check boot/encode.c byte for byte against GNU as.
#
# Builds tests/encode/cases.c (hosted, with boot/encode.c) and runs it:
# each line it prints is an instruction as GNU as reads it, a tab, and the
# bytes the encoder wrote.  The instructions go into one .s file with a
# label before each case; the labels split `as --64` output into the same
# cases.  Prints every case whose bytes differ and exits 1 if there is one;
# the last line is "N cases, M differ".
#   CASES=path  a file of lines in the harness's format, instead of running
#               the harness (to check the check)
#   golden.sh too-far   runs the harness's rel8 range check instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
CC=${CC:-gcc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -n "${CASES:-}" ]; then
	cp "$CASES" "$work/cases.txt"
else
	$CC -std=c11 -O1 -Wall -Wextra -Werror -I "$root/boot" -o "$work/cases" \
		"$here/cases.c" "$root/boot/encode.c"
	if [ "${1:-}" = too-far ]; then
		status=0
		"$work/cases" too-far || status=$?
		exit "$status"
	fi
	"$work/cases" >"$work/cases.txt"
fi
texts=() want=()
while IFS=$'\t' read -r text bytes; do
	texts+=("$text") want+=("$bytes")
done <"$work/cases.txt"
count=${#texts[@]}
{
	echo '.intel_syntax noprefix'
	echo '.text'
	for ((i = 0; i < count; i++)); do
		echo "golden_$i: ${texts[i]}"
	done
	echo "golden_$count:"
} >"$work/cases.s"
as --64 -o "$work/cases.o" "$work/cases.s"
objcopy -O binary --only-section=.text "$work/cases.o" "$work/cases.bin"
mapfile -t hex < <(od -An -v -tx1 "$work/cases.bin" | tr -s ' \n' '  ' | sed 's/^ //' | tr ' ' '\n')
declare -A at
while read -r addr _ name; do
	at[$name]=$((16#$addr))
done < <(nm "$work/cases.o" | grep ' golden_')
differ=0
for ((i = 0; i < count; i++)); do
	from=${at[golden_$i]} to=${at[golden_$((i + 1))]}
	got="${hex[*]:from:to-from}"
	if [ "$got" != "${want[i]}" ]; then
		differ=$((differ + 1))
		echo "${texts[i]}"
		echo "    as:     $got"
		echo "    encode: ${want[i]}"
	fi
done
echo "$count cases, $differ differ"
[ "$differ" -eq 0 ]
