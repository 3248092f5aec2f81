#!/usr/bin/env bash
# seefuzz.sh [COUNT] [SEED]: random colon definitions with nested control
# structures, compiled with superinstructions; `see` shows each, the
# braces of the superinstructions are taken out, and what is left is
# compiled again.  Each word runs under `catch` with a few numbers on the
# stack, and the two programs must print the same.  Prints the first
# difference and exits 1 if there is one.
set -u
count=${1:-200}
seed=${2:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
incant=${INCANT:-$here/incant}
RANDOM=$seed
ops=(+ - '*' and or xor negate invert 1+ 1- abs min max = '<>' '<' '>' 0= '0<'
     dup drop swap over rot nip tuck 2dup ?dup 2*)

# Loops count down `budget`, which the runner sets, so every loop ends
# however the stack turns out.
tick='budget @ 1- dup budget ! 0>'

# body DEPTH IN-DO: a random sequence; IN-DO says whether i and leave may
# be used (and exit needs unloop)
body() {
  local depth=$1 in_do=$2 n=$((RANDOM % 5 + 1)) out="" k
  for ((k = 0; k < n; k++)); do
    local pick=$((RANDOM % 16))
    [ "$depth" -ge 3 ] && pick=$((RANDOM % 4))
    case $pick in
      0|1) out+="$((RANDOM % 200 - 50)) " ;;
      2|3) out+="${ops[RANDOM % ${#ops[@]}]} " ;;
      4) out+="dup 0< if $(body $((depth + 1)) "$in_do")else $(body $((depth + 1)) "$in_do")then " ;;
      5) out+="dup 5 > if $(body $((depth + 1)) "$in_do")then " ;;
      6) out+="3 0 do i $(body $((depth + 1)) 1)loop " ;;
      7) out+="6 1 ?do i $(body $((depth + 1)) 1)2 +loop " ;;
      8) out+="begin $tick while $(body $((depth + 1)) "$in_do")repeat " ;;
      9) out+="begin $(body $((depth + 1)) "$in_do")$tick 0= until " ;;
      10) out+="begin $tick while dup 3 < while $(body $((depth + 1)) "$in_do")repeat .\" out\" then " ;;
      11) if [ "$in_do" = 1 ]; then out+="i 1 = if leave then "; else out+="dup 7 = if exit then "; fi ;;
      12) if [ "$in_do" = 1 ]; then out+="dup 9 = if unloop exit then "; else out+="depth 6 > if exit then "; fi ;;
      13) out+=".\" s\" " ;;
      14) out+="s\" ab\" strlen " ;;
      *) out+="begin $tick while $(body $((depth + 1)) "$in_do")$tick 0= until then " ;;
    esac
  done
  printf '%s' "$out"
}

prelude="variable budget
: show ( i*x n -- ) dup . depth . if sp0 sp! else begin depth 0> while . repeat then newline ;
"
defs="" runs="" names=""
for ((p = 0; p < count; p++)); do
  defs+=": w$p ( -- ) $(body 0 0);
"
  runs+=": r$p ( -- ) 11 22 33 20 budget ! ['] w$p catch show ; r$p
"
  names+="see w$p "
done
tmp=${TMPDIR:-/tmp}/seefuzz.$$
printf '%s%s' "$prelude" "$defs" > "$tmp.defs.e"
printf '%s' "$runs" > "$tmp.runs.e"
shown=$("$incant" -e "include $tmp.defs.e" -e "$names" </dev/null 2>&1)
# the braces of superinstructions are no source
printf '%s%s\n' "$prelude" "$(sed -E 's/(^| )[{}]( |$)/ /g; s/(^| )[{}]( |$)/ /g' <<<"$shown")" > "$tmp.shown.e"
first=$("$incant" -e "include $tmp.defs.e" -e "include $tmp.runs.e" </dev/null 2>&1)
again=$("$incant" -e "include $tmp.shown.e" -e "include $tmp.runs.e" </dev/null 2>&1)
if [ "$first" != "$again" ]; then
  diff <(printf '%s\n' "$first") <(printf '%s\n' "$again") | head -5
  echo "seefuzz: kept in $tmp.*"
  echo "seefuzz: $count definitions (seed $seed): see does not give them back"
  exit 1
fi
rm -f "$tmp".*
echo "seefuzz: $count definitions (seed $seed): see gives them back"
