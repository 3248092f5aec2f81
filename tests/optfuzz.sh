#!/usr/bin/env bash
# optfuzz.sh [COUNT] [SEED]: random colon definitions, each run under
# `catch` with a few numbers on the stack; the program's output (results,
# error codes, stack depths) must be the same with superinstructions on
# and off.  Prints the first difference and exits 1 if there is one.
set -u
count=${1:-300}
seed=${2:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
incant=${INCANT:-$here/incant}
RANDOM=$seed
ops=(+ - '*' and or xor negate invert 1+ 1- abs min max = '<>' '<' '>' '<=' '>=' 'u<' 'u>'
     0= '0<' '0>' '0<>' dup drop swap over rot nip tuck 2dup 2drop ?dup lshift rshift 2* 2/)
body() {
  local n=$((RANDOM % 8 + 2)) out="" k
  for ((k = 0; k < n; k++)); do
    case $((RANDOM % 10)) in
      0|1) out+="$((RANDOM % 200 - 50)) " ;;
      2) out+="dup 0< if 1+ else 2 - then " ;;
      3) out+="3 0 do i + loop " ;;
      4) out+="dup 5 > if drop 7 then " ;;
      *) out+="${ops[RANDOM % ${#ops[@]}]} " ;;
    esac
  done
  printf '%s' "$out"
}
# after a throw only the depth is defined (catch restores the stack
# pointer, not what was stored there), so then only that is shown
prog=": show ( i*x n -- ) dup . depth . if sp0 sp! else begin depth 0> while . repeat then newline ;
"
for ((p = 0; p < count; p++)); do
  prog+=": w$p ( -- ) $(body) ;
: r$p ( -- ) 11 22 33 ['] w$p catch show ; r$p
"
done
printf '%s' "$prog" > "${TMPDIR:-/tmp}/optfuzz.$$.e"
on=$("$incant" "${TMPDIR:-/tmp}/optfuzz.$$.e" 2>&1)
[ -n "${OPTFUZZ_SHOW:-}" ] && printf "%s\n" "$on" | head -5
off=$("$incant" -e "0 superinstructions !" "${TMPDIR:-/tmp}/optfuzz.$$.e" 2>&1)
rm -f "${TMPDIR:-/tmp}/optfuzz.$$.e"
if [ "$on" != "$off" ]; then
  diff <(printf '%s\n' "$on") <(printf '%s\n' "$off") | head -5
  echo "optfuzz: $count definitions (seed $seed): outputs differ"
  exit 1
fi
echo "optfuzz: $count definitions (seed $seed): same output"
