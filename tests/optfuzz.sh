#!/usr/bin/env bash
# optfuzz.sh [COUNT] [SEED]: random colon definitions, each run under
# `catch` with a few numbers on the stack; the program's output (results,
# error codes, stack depths, and the cells the catch gives back, after an
# error too, but for a stack run over or under, where they are left to
# chance) must be the same with superinstructions on and off.  Prints the
# first difference and exits 1 if there is one.
# OPTFUZZ_KEEP=1 keeps the program even when the outputs agree.
#
# The definitions draw on what the optimizer must respect, not only on
# arithmetic: the control stack (>r r> r@ 2>r 2r> rdrop, exit in the
# middle), counted loops (i j leave unloop), recursion, execute and catch,
# short helper words that the optimizer may inline (some of which move
# their own return address, which it must not), and code words; memory
# (@ ! c@ c! +! on a buffer, with address arithmetic), long runs of
# literals (more values than registers), loops whose values go around
# in registers, recursion and exit, and a fault inside a run.
set -u
count=${1:-300}
seed=${2:-1}
here=$(cd "$(dirname "$0")/.." && pwd)
incant=${INCANT:-$here/incant}
RANDOM=$seed
ops=(+ - '*' and or xor negate invert 1+ 1- abs min max = '<>' '<' '>' '<=' '>=' 'u<' 'u>'
     0= '0<' '0>' '0<>' dup drop swap over rot nip tuck 2dup 2drop ?dup lshift rshift 2* 2/
     depth add3 dup2x c-swap "2 pick" "3 roll")

# Fragments with a fixed shape, for the control stack, loops and calls.
fragments=(
  "dup 0< if 1+ else 2 - then"
  "3 0 do i + loop"
  "dup 5 > if drop 7 then"
  ">r dup r> +"
  ">r r@ r@ + r> -"
  "2>r 1 2r> + +"
  "2>r 2r> swap"
  "dup >r 3 * >r rdrop r> +"
  "4 1 do 2 0 do i j * + loop loop"
  "6 0 do i 3 = if leave then i + loop"
  "5 0 do i 2 = if i unloop exit then loop"
  "dup 0= if drop 0 exit then"
  "3 -3 do i + 2 +loop"
  "0 5 do i - -1 +loop"
  "dup 15 and h-rec"
  "h-sq h-inc2"
  "h-rpush r>"
  "h-pair 2r> -"
  "['] h-sq execute"
  "['] h-throw catch +"
  "['] h-inc2 catch drop"
  "h-leave-caller 99"
  "h-bal h-rd"
  "7 h-count"
  "dup h-buf ! h-buf @ +"
  "dup h-buf cell+ ! 3 h-buf cell+ +! h-buf cell+ @"
  "dup h-buf 5 + c! h-buf 5 + c@ -"
  "h-buf 2 cells + @ + 1 h-buf 2 cells + +!"
  "1 2 3 4 5 6 7 8 9 10 11 12 + + + + + + + + + + +"
  "dup dup dup 2 lshift swap 1 rshift rot 3 * - xor +"
  "255 and begin dup 0> while 7 - repeat"
  "begin 1- dup 3 and 0= until"
  "dup 7 and 0 ?do i h-buf i + c! loop"
  "dup 15 and h-fib +"
  "h-over-loop"
  "16 0 @"
  "swap over - tuck + rot"
  "dup 1 = if drop 99 then"
  "0 4 0 do 3 0 do i j + + loop loop +"
)

body() {
  local n=$((RANDOM % 8 + 2)) out="" k
  for ((k = 0; k < n; k++)); do
    case $((RANDOM % 10)) in
      0|1) out+="$((RANDOM % 200 - 50)) " ;;
      2|3|4) out+="${fragments[RANDOM % ${#fragments[@]}]} " ;;
      *) out+="${ops[RANDOM % ${#ops[@]}]} " ;;
    esac
  done
  printf '%s' "$out"
}

# Helpers shared by all definitions.  h-rpush and h-pair move their own
# return address (they leave cells on the caller's control stack, which the
# caller takes back); h-leave-caller drops it and so returns from its
# caller.  None of those may be inlined; h-sq, h-inc2 and h-bal may.
prog=": show ( i*x n -- ) dup . depth .  dup -4 = swap -3 = or if sp0 sp! else begin depth 0> while . repeat then newline ;
code add3 ( a b c -- a+b+c )
  :rax pop-reg64  :rax :rsp 0 add-mem64-reg64
  :rax pop-reg64  :rax :rsp 0 add-mem64-reg64
end-code
code dup2x ( a -- a 2a ) :rsp 0 push-mem64  :rsp 0 :rax mov-reg64-mem64  :rax :rsp 0 add-mem64-reg64 end-code
code c-swap ( a b -- b a ) :rax pop-reg64  :rcx pop-reg64  :rax push-reg64  :rcx push-reg64 end-code
: h-sq ( n -- n*n ) dup * ;
: h-inc2 ( n -- n+2 ) 1+ 1+ ;
: h-bal ( a -- a' ) >r 3 r@ + r> * ;
: h-rd ( a -- a ) 5 >r rdrop ;
: h-rec ( n -- sum ) dup 0> if dup 1- recurse + then ;
: h-rpush ( x -- ) r> swap >r >r ;
: h-pair ( a b -- ) r> -rot swap >r >r >r ;
: h-leave-caller ( -- ) r> drop ;
: h-throw ( n -- n ) dup 3 and 0= if 17 throw then ;
: h-count ( n -- n' ) 0 swap 0 ?do i + loop ;
64 cells buffer: h-buf
: h-fib ( n -- f ) dup 2 < if exit then dup 1- recurse swap 2 - recurse + ;
: h-over-loop ( a -- a' ) 5 0 do dup i + h-buf i cells + ! loop h-buf 3 cells + @ + ;
"
for ((p = 0; p < count; p++)); do
  prog+=": w$p ( -- ) $(body) ;
: r$p ( -- ) 11 22 33 ['] w$p catch show ; r$p
"
done
file="${TMPDIR:-/tmp}/optfuzz.$$.e"
printf '%s' "$prog" > "$file"
# (timeout's own warnings, on a loaded machine, are not the program's)
on=$(timeout 120 "$incant" "$file" 2>&1 | grep -v '^timeout: ')
[ -n "${OPTFUZZ_SHOW:-}" ] && printf "%s\n" "$on" | head -5
off=$(timeout 120 "$incant" -e "0 superinstructions !" "$file" 2>&1 | grep -v '^timeout: ')
if [ "$on" != "$off" ]; then
  diff <(printf '%s\n' "$on") <(printf '%s\n' "$off") | head -5
  echo "optfuzz: $count definitions (seed $seed): outputs differ (program kept in $file)"
  exit 1
fi
[ -n "${OPTFUZZ_KEEP:-}" ] || rm -f "$file"
lines=$(printf '%s\n' "$on" | wc -l)
if [ "$lines" -ne "$count" ]; then
  printf '%s\n' "$on" | tail -3
  echo "optfuzz: $count definitions (seed $seed): the program stopped early"
  exit 1
fi
echo "optfuzz: $count definitions (seed $seed): same output"
