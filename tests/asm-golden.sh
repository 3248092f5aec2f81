#!/usr/bin/env bash
# tests/asm-golden.sh - check asm/amd64.e byte for byte against GNU as.
#
# usage: tests/asm-golden.sh [cases-file]
#
# Each line of the case file (tests/asm-cases.txt by default) is
#   <incant operands and instruction word> | <the same instruction for GNU as>
# This script turns the left sides into one incant program that assembles
# each case into a buffer and prints its bytes in hex, one line per case,
# and the right sides into one .s file with a label before each case; the
# labels split `as --64` output into the same lines.  It prints every case
# whose bytes differ (or that fails to assemble) and exits 1 if there is one.
# INCANT names the binary to test (default: ./incant in the repository).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
cases=${1:-$here/asm-cases.txt}
incant=${INCANT:-$root/incant}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The cases, with the line number of each for the report.
incs=() gass=() where=()
n=0
while IFS= read -r line; do
	n=$((n + 1))
	[[ $line =~ ^[[:space:]]*(#|$) ]] && continue
	if [[ $line != *" | "* ]]; then
		echo "$cases:$n: no ' | ' between the two sides" >&2
		exit 2
	fi
	incs+=("${line%% | *}")
	gass+=("${line#* | }")
	where+=("$n")
done <"$cases"
count=${#incs[@]}

# The incant side (the prelude has the assembler).  Each case is compiled
# into a word and run under catch, so one bad case prints "error" instead of
# ending the run.
{
	echo '64 allocate constant golden-buffer'
	echo ': run-case ( xt -- )'
	echo '  catch ?dup if ." error " . newline exit then'
	echo '  golden-buffer swap print-code-bytes newline ;'
	for ((i = 0; i < count; i++)); do
		echo ": golden-case golden-buffer ${incs[i]} ;"
		echo "' golden-case entry-to-execution-token run-case"
	done
	echo 'bye'
} >"$work/cases.e"

if ! "$incant" "$work/cases.e" >"$work/incant.out" 2>"$work/incant.err"; then
	echo "incant failed on the generated program:" >&2
	cat "$work/incant.err" >&2
	exit 1
fi
mapfile -t got <"$work/incant.out"

# The GNU as side: a label before each case and one after the last.
{
	echo '.intel_syntax noprefix'
	echo '.text'
	for ((i = 0; i < count; i++)); do
		echo "golden_$i: ${gass[i]}"
	done
	echo "golden_$count:"
} >"$work/cases.s"

if ! as --64 -o "$work/cases.o" "$work/cases.s" 2>"$work/as.err"; then
	echo "GNU as rejected the cases:" >&2
	cat "$work/as.err" >&2
	exit 1
fi
objcopy -O binary --only-section=.text "$work/cases.o" "$work/cases.bin"
read -r -a bytes <<<"$(od -An -v -tx1 "$work/cases.bin" | tr -s ' \n' '  ')"
declare -A at
while read -r addr _ name; do
	[[ $name == golden_* ]] && at[${name#golden_}]=$((16#$addr))
done < <(nm "$work/cases.o")

bad=0
for ((i = 0; i < count; i++)); do
	start=${at[$i]} end=${at[$((i + 1))]}
	want="${bytes[*]:start:end-start}"
	have=${got[i]-"(no output)"}
	if [[ $want != "$have" ]]; then
		bad=$((bad + 1))
		echo "$cases:${where[i]}: ${incs[i]} | ${gass[i]}"
		echo "    as:     $want"
		echo "    incant: $have"
	fi
done
echo "$count cases, $bad differ"
[[ $bad -eq 0 ]]
