#!/usr/bin/env bats
# The sampling profiler: lib/profile.e (profile, profile-hz) and
# `incant --profile`.  Samples come at the kernel's tick (about 250 a
# second of CPU here), so each program runs for about a second of CPU and
# the assertions leave wide margins: the machine may be loaded.  (The
# loops `0 do i drop loop` take under a nanosecond a turn now that
# superinstructions keep the stack in registers: the counts are large.)

load helper

# The two profiles most tests read, made once: a doubly recursive fib run
# with `profile`, and the matrix benchmark run with --profile.
setup_file() {
  cd "$BATS_FILE_TMPDIR" || return 1
  mkdir fib matrix
  cat > fib/fib.e <<'EOF'
: fib ( n -- f ) dup 2 < if exit then dup 1- recurse swap 2 - recurse + ;
: fibs ( -- ) 37 fib drop 36 fib drop ;
' fibs entry-to-execution-token profile
EOF
  (cd fib && "$INCANT" fib.e > out.txt 2> err.txt)
  (cd matrix && "$INCANT" --profile "$BATS_TEST_DIRNAME/bench/matrix.e" > out.txt 2> err.txt)
  # the same multiply fifteen times over, for more samples (the kernel's
  # timer gives some 300 a second, whatever profile-hz asks): its inner
  # loop is some 17 instructions, two of them cell+'s (a few samples a run)
  mkdir dot
  { grep -v '^bench sum\|^bye' "$BATS_TEST_DIRNAME/bench/matrix.e"
    echo ": benches ( -- ) 15 0 do bench loop ;"
    echo "' benches entry-to-execution-token profile"; } > dot/dot.e
  (cd dot && "$INCANT" dot.e > out.txt 2> err.txt)
}

# row NAME FILE: the table's row for the word NAME: self self% total total%
row() { awk -v w="$1" '$5 == w && NF == 5 { print $1, $2, $3, $4 }' "$2"; }
# first_row FILE: the table's first row, the hottest word: self self%
# total total% word
first_row() { awk 'top { print; exit } /^   self      %   total      %  word$/ { top = 1 }' "$1"; }
# samples FILE: the sample count in the table's header
samples() { sed -n 's/^profile: \([0-9]*\) samples in .*/\1/p' "$1"; }
# nodes FOLDED: the nodes of the merged stacks: one per distinct prefix,
# and the root
nodes() {
  awk '{ sub(/ [0-9]+$/, ""); n = split($0, f, ";"); p = ""
         for (k = 1; k <= n; k++) { p = p ";" f[k]; seen[p] = 1 } }
       END { print length(seen) + 1 }' "$1"
}

@test "the profile of a doubly recursive fib: fib is the hottest word, in nearly every sample" {
  cd "$BATS_FILE_TMPDIR/fib"
  [ ! -s err.txt ]
  run sed -n '3p' out.txt
  assert_output "   self      %   total      %  word"
  n=$(samples out.txt)
  (( n >= 50 ))
  # the first row is fib, with the most self time, and at least 90% total
  read -r self selfp total totalp word < <(first_row out.txt)
  [ "$word" = fib ]
  (( ${totalp%.*} >= 90 ))
  (( total >= n * 9 / 10 ))
  # fibs, which runs it, is in every sample but runs nothing itself
  [ "$(row fibs out.txt)" = "0 0.0 $n 100.0" ]
}

@test "the profile of a matrix multiply (--profile): its inner loop word has the most self time" {
  cd "$BATS_FILE_TMPDIR/matrix"
  [ ! -s err.txt ]
  # matrix.e prints its checksum first, and ends with bye: the profile
  # still comes after it
  [ "$(head -n 1 out.txt)" = "-280871 " ]
  read -r self selfp total totalp word < <(first_row out.txt)
  [ "$word" = dot ]
  (( ${selfp%.*} >= 50 ))
  # bench runs everything; multiply calls dot
  n=$(samples out.txt)
  (( $(row bench out.txt | cut -d' ' -f3) >= n * 9 / 10 ))
  (( $(row multiply out.txt | cut -d' ' -f3) >= total ))
}

@test "profile.folded: a line per stack, outermost first, frames then a count; the counts add up to the samples" {
  for dir in fib matrix; do
    cd "$BATS_FILE_TMPDIR/$dir"
    n=$(samples out.txt)
    # frames are words separated by ; (no spaces), then one space and a count
    run grep -cvE '^[^ ;]+(;[^ ;]+)* [0-9]+$' profile.folded
    assert_output 0
    [ "$(awk '{ s += $NF } END { print s }' profile.folded)" = "$n" ]
    # no stack twice
    [ -z "$(sed 's/ [0-9]*$//' profile.folded | sort | uniq -d)" ]
  done
  # outermost first: every fib stack starts at fibs, every matrix one at
  # bench, or at check, which matrix.e calls after it to print the sum (a
  # sample lands in its write now and then, on a busy machine)
  cd "$BATS_FILE_TMPDIR"
  run grep -cv '^fibs;' fib/profile.folded
  assert_output 0
  run grep -cvE '^(bench|check);' matrix/profile.folded
  assert_output 0
  # a primitive fused into a definition's superinstruction is {name},
  # after the definition (which of fib's is sampled varies from run to run)
  grep -q '^fibs;fib\(;fib\)*;{[^};]*} [0-9]*$' fib/profile.folded
  # a short definition inlined into dot (cell+) comes between
  grep -q '^benches;bench;multiply;dot;cell+;{+} [0-9]*$' dot/profile.folded
}

@test "profile.svg: well-formed XML, one rect with a title per node of the merged stacks" {
  for dir in fib matrix; do
    cd "$BATS_FILE_TMPDIR/$dir"
    if command -v xmllint >/dev/null 2>&1; then
      xmllint --noout profile.svg
    elif command -v python3 >/dev/null 2>&1; then
      python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' profile.svg
    else
      skip "neither xmllint nor python3 to check the XML"
    fi
    [ "$(head -c 5 profile.svg)" = "<?xml" ]
    grep -q "^<svg xmlns='http://www.w3.org/2000/svg' " profile.svg
    rects=$(grep -o '<rect ' profile.svg | wc -l)
    titles=$(grep -o '<title>' profile.svg | wc -l)
    [ "$rects" = "$(nodes profile.folded)" ]
    [ "$titles" = "$rects" ]
    # the root holds every sample
    grep -q "<title>all ($(samples out.txt) samples, 100.0%)</title>" profile.svg
  done
  # the root spans the 1180 px between the margins
  grep -q "<rect x='10.00' y='[0-9]*' width='1180.00' height='16'" "$BATS_FILE_TMPDIR/fib/profile.svg"
}

@test "names with XML's special characters are escaped in profile.svg, and a ; is %3B in profile.folded" {
  in_tmp
  put names.e ': <a&b;c> ( n -- ) 0 do i drop loop ;
    : work ( -- ) 1000000000 <a&b;c> ;
    '"'"' work entry-to-execution-token profile'
  run incant names.e
  assert_status 0
  grep -q '^work;<a&b%3Bc>' profile.folded
  grep -q '<title>&lt;a&amp;b;c&gt; (' profile.svg
  [[ "$output" == *"  <a&b;c>"* ]]
  if command -v xmllint >/dev/null 2>&1; then xmllint --noout profile.svg; fi
}

@test "--profile runs a whole script: its output, then the table; its exit status, even from inside a catch" {
  in_tmp
  put busy.e ': spin ( n -- ) 0 do i drop loop ;
    : work ( -- ) 1000000000 spin 3 sys-exit ;
    : guarded ( -- ) ['"'"'] work catch ." caught " . ;
    ." start" newline guarded ." never"'
  run --separate-stderr incant --profile busy.e
  assert_status 3
  [ "${lines[0]}" = start ]
  [[ "${lines[1]}" == "profile: "*" samples in "*" s of CPU, "*" a second (997 Hz asked)" ]]
  [[ "${lines[2]}" == "sampling took "*"% of it, "*" us a sample" ]]
  [ "$(row spin <(printf '%s\n' "${lines[@]}") | cut -d' ' -f1)" -gt 0 ]
  grep -q '^guarded;work;spin' profile.folded
  [ -s profile.svg ]
  [[ "$output" != *caught* && "$output" != *never* ]]
}

@test "--profile: an error in the script is reported, the profile written, and the status is 1" {
  in_tmp
  put fails.e ': spin ( n -- ) 0 do i drop loop ;
    1000000000 spin  nonsense'
  run --separate-stderr incant --profile fails.e
  assert_status 1
  assert_stderr "fails.e:2:22: error -13: undefined word: nonsense"
  [[ "${lines[0]}" == "profile: "* ]]
  grep -q '^spin;' profile.folded
}

@test "samples in a C helper name the primitive that called it" {
  in_tmp
  put finds.e ': look ( n -- ) 0 do s" dup" find drop loop ;
    : looks ( -- ) 10000000 look ;
    '"'"' looks entry-to-execution-token profile'
  run incant finds.e
  assert_status 0
  read -r self selfp total totalp word < <(first_row <(printf '%s\n' "$output"))
  [ "$word" = find ]
  grep -q '^looks;look;find [0-9]*$' profile.folded
}

@test "stacks across text interpreter levels: evaluate and include" {
  in_tmp
  put inner.e ': spin ( n -- ) 0 do i drop loop ;
    : hot ( -- ) 1000000000 spin ;
    hot'
  put outer.e ': work ( -- ) s" include inner.e" dup strlen evaluate ;
    : top ( -- ) work ;
    '"'"' top entry-to-execution-token profile'
  run incant outer.e
  assert_status 0
  grep -q '^top;work;hot;spin;{[^ ]*} [0-9]*$' profile.folded
  run grep -cv '^top;work;' profile.folded
  assert_output 0
  # every primitive fused into spin's loop is under spin, even in the
  # instructions where the loop jumps back (rsi at the loop's start)
  [ "$(grep -c ';{' profile.folded)" = "$(grep -c ';spin;{' profile.folded)" ]
}

@test "a stack deeper than 64 frames keeps its innermost 64, under [truncated]" {
  in_tmp
  put deep.e ': spin ( n -- ) 0 do i drop loop ;
    : down ( n -- ) ?dup if 1- recurse exit then 600000000 spin ;
    : deep ( -- ) 100 down ;
    '"'"' deep entry-to-execution-token profile'
  run incant deep.e
  assert_status 0
  # the samples at the bottom: [truncated], 62 downs, spin, {i} or the like
  run awk '/^\[truncated\];(down;)+spin;[^; ]+ [0-9]+$/ { print split($1, f, ";") }' profile.folded
  [ "${#lines[@]}" -ge 1 ]
  for n in "${lines[@]}"; do [ "$n" = 65 ]; done
  # and no stack is longer
  [ "$(awk '{ n = split($1, f, ";"); if (n > m) m = n } END { print m }' profile.folded)" = 65 ]
}

@test "profile-hz sets the rate asked for" {
  in_tmp
  put slow.e ': spin ( n -- ) 0 do i drop loop ;
    : work ( -- ) 1500000000 spin ;
    20 profile-hz !  '"'"' work entry-to-execution-token profile'
  run incant slow.e
  assert_status 0
  [[ "${lines[0]}" == *" a second (20 Hz asked)" ]]
  rate=$(sed -n 's/.*, \([0-9]*\) a second (.*/\1/p' <<< "${lines[0]}")
  (( rate <= 40 ))
  (( $(samples <(printf '%s\n' "${lines[@]}")) >= 1 ))
}

@test "a word that throws under profile: the profile is written, then the error goes on to the catch" {
  in_tmp
  put throws.e ': spin ( n -- ) 0 do i drop loop ;
    : work ( -- ) 600000000 spin  1 0 / ;
    : try ( -- ) ['"'"'] work profile ;
    '"'"' try entry-to-execution-token catch ." caught " . newline'
  run incant throws.e
  assert_status 0
  [[ "${lines[0]}" == "profile: "* ]]
  [ "${lines[-1]}" = "caught -10 " ]
  grep -q '^work;spin;' profile.folded
}

@test "profile inside profile is an error, and the outer one goes on" {
  in_tmp
  put nested.e ': inner ( -- ) ;
    : outer ( -- ) ['"'"'] inner ['"'"'] profile catch . newline ;
    '"'"' outer entry-to-execution-token profile'
  run --separate-stderr incant nested.e
  assert_status 0
  [ "${lines[0]}" = "-2 " ]
  [[ "${lines[1]}" == "profile: "* ]]
}
