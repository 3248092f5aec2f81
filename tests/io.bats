#!/usr/bin/env bats
# Input and output under hostile conditions: a full disk, closed and
# broken descriptors, signal handlers that print, endless or slow input.

load helper

setup_file() {
  PROGS="$BATS_FILE_TMPDIR"
  for prog in slowcat trickle; do
    gcc -O2 -o "$PROGS/$prog" "$BATS_TEST_DIRNAME/progs/$prog.c"
  done
  export PROGS
}

# ---- write errors ---------------------------------------------------

@test "output to a full disk is reported on stderr and the status is 1" {
  run bash -c "'$INCANT' -e '1 . bye' >/dev/full"
  assert_status 1
  assert_output "incant: error writing standard output: ENOSPC (no space left on device)"
}

@test "a script printing forever into a full disk ends, with the error said once" {
  put loud.e $': loud ( -- ) begin 1 . again ; loud\n'
  in_tmp
  run timeout 20 bash -c "'$INCANT' loud.e >/dev/full"
  assert_status 1
  assert_output "incant: error writing standard output: ENOSPC (no space left on device)"
}

@test "a closed standard output is an error, and no file opened later gets the output" {
  put w.e $'s" made.txt" O_WRONLY O_CREAT or 420 sys-open drop\n." hello" newline\n'
  in_tmp
  run bash -c "'$INCANT' w.e >&-"
  assert_status 1
  assert_output "incant: error writing standard output: EBADF (bad file descriptor)"
  [ -f made.txt ] && [ ! -s made.txt ]
}

@test "printing sent with >fd reaches the file, whatever descriptor it got" {
  # out.c kept the write errors of fds 1 and 2 only, but read them for any
  # fd: from 3 on it read past the table, and a non-zero neighbour
  # silently dropped everything printed to that file
  in_tmp
  put w.fs ': to-file ( addr len -- ) w/o create-file throw
      dup >fd ." hello " dup . >output close-file throw ;
    s" a.txt" to-file  s" b.txt" to-file  s" c.txt" to-file'
  run bash -c "exec 3>/dev/null 4>/dev/null 5>/dev/null 6>/dev/null; '$INCANT' w.fs"
  assert_status 0
  for f in a b c; do [[ "$(cat $f.txt)" == "hello "[0-9]* ]]; done
}

@test "printing with >fd to a descriptor that cannot be written is said on stderr, and the program goes on" {
  # out.c remembers write errors for fds 1 and 2 only; for any other fd a
  # failed write was retried forever, spinning at 100% CPU
  run timeout -s KILL 20 "$INCANT" -e '100 >fd ." lost" >output ." after" newline  100 >fd ." lost" >output ." done" newline'
  assert_status 0
  assert_output $'incant: error writing fd 100: EBADF (bad file descriptor)\nafter\nincant: error writing fd 100: EBADF (bad file descriptor)\ndone'
  # at the exit, said once: the message must not drain the buffer again
  run timeout -s KILL 20 "$INCANT" -e '100 >fd ." lost" bye'
  assert_status 0
  assert_output 'incant: error writing fd 100: EBADF (bad file descriptor)'
}

@test ">fd of a number no descriptor can have is error -24" {
  # helpers.c cut the number to an int: 4294967297 became fd 1
  run --separate-stderr "$INCANT" -e '4294967297 >fd ." lost"'
  assert_status 1
  assert_output ''
  assert_stderr '-e:1:12: error -24: invalid numeric argument: >fd 4294967297: not a file descriptor'
  run --separate-stderr "$INCANT" -e ': t -1 >fd ;  t ." kept" newline'
  assert_status 1
  assert_output ''
  assert_stderr $'-e:1:15: error -24: invalid numeric argument: >fd -1: not a file descriptor\n  in t (-e:1)'
}

@test "a closed pipe with SIGPIPE ignored is reported as EPIPE, status 1" {
  put loud.e $': loud ( -- ) 1000000 0 do i . newline loop ; loud\n'
  in_tmp
  run bash -c "trap '' PIPE; '$INCANT' loud.e 2>err.txt | head -1; echo \"status \${PIPESTATUS[0]}\"; cat err.txt"
  assert_status 0
  assert_output "0 
status 1
incant: error writing standard output: EPIPE (broken pipe)"
}

@test "a closed pipe with SIGPIPE at its default ends the script by SIGPIPE, silently" {
  put loud.e $': loud ( -- ) 1000000 0 do i . newline loop ; loud\n'
  in_tmp
  run bash -c "trap - PIPE; '$INCANT' loud.e 2>err.txt | head -1; echo \"status \${PIPESTATUS[0]}\"; cat err.txt"
  assert_output "0 
status 141"
}

@test "a full standard error makes the exit status 1, standard output is kept" {
  run bash -c "'$INCANT' -e ': dup ( x -- x x ) dup ; 2 .' 2>/dev/full"
  assert_status 1
  assert_output "2 "
}

@test "a closed standard input is never taken by the script: errors name the script" {
  put t.e $'1 . nonsense\n'
  in_tmp
  run bash -c "'$INCANT' t.e <&-"
  assert_status 1
  assert_output "1 t.e:1:5: error -13: undefined word: nonsense"
}

# ---- endless and slow input -------------------------------------------

@test "a script that never ends (/dev/zero) is refused at the 256 MiB limit, status 2" {
  run timeout 60 "$INCANT" /dev/zero
  assert_status 2
  assert_output "incant: error -38: cannot open file: /dev/zero: larger than the 256 MiB limit for a source file"
}

@test "a source file past the limit is refused without reading it, by its size" {
  in_tmp
  truncate -s 300M huge.e
  run timeout 60 "$INCANT" -e 'include huge.e'
  assert_status 1
  assert_output "-e:1:9: error -38: cannot open file: huge.e: larger than the 256 MiB limit for a source file"
}

@test "standard input as a script: 256 MiB runs, one byte more is refused" {
  in_tmp
  # "1 . " and blanks: exactly the limit, then one byte over it
  { printf '1 . '; head -c $(((256 << 20) - 4)) /dev/zero | tr '\0' ' '; } > at.txt
  run bash -c "'$INCANT' - < at.txt"
  ok_output "1 "
  run bash -c "{ cat at.txt; printf ' '; } | '$INCANT' -"
  assert_status 2
  assert_output "incant: error -38: cannot open file: -: larger than the 256 MiB limit for a source file"
}

@test "a non-blocking standard input is waited on, not taken for its end: the REPL" {
  run "$PROGS/trickle" 200 $'1 . newline\n' $'2 . newline\n' $'3 . newline\n' -- "$INCANT"
  ok_output $'1 \n2 \n3 '
}

@test "a non-blocking standard input is waited on, not taken for its end: incant -" {
  run "$PROGS/trickle" 200 $'1 . newline\n' $': two 2 ;\n' $'two . newline\n' -- "$INCANT" -
  ok_output $'1 \n2 '
}

# ---- signal handlers that print ---------------------------------------

# A SIGALRM handler every 50 µs (setitimer, ITIMER_REAL) that counts and
# prints an x, while the main program prints 0 1 2 3 ...; the x's land
# wherever the handler happened to run, often inside the output code.
# alarm_script FILE: FILE is this set-up followed by what stdin holds.
alarm_script() {
  {
    cat <<'EOF'
variable hits
32 allocate constant itv
: timer ( usec -- ) 0 itv !  dup itv 8 + !  0 itv 16 + !  itv 24 + !  0 itv 0 sys-setitimer drop ;
: numbers ( -- ) 0 begin dup . 1+ again ;
: count-up ( -- ) 0 begin dup . 1+ hits @ 3000 >= until drop ;
~ print numbers under alarms until 3000 came, then "hits N" on a line
: count-with-alarms ( -- ) 50 timer count-up 0 timer  newline ." hits " hits @ . newline ;
EOF
    cat
  } > "$BATS_TEST_TMPDIR/$1"
}

# marks FILE N: how many x's line N of FILE holds
marks() { sed -n "${2}p" "$1" | tr -cd x | wc -c; }

# check_marked FILE N HITS: line N of FILE, its x's removed, is a prefix
# of "0 1 2 3 ..." that reaches at least "0 1 2 ", and it holds HITS x's.
check_marked() {
  local clean="$BATS_TEST_TMPDIR/clean.txt" len
  sed -n "${2}p" "$1" | tr -d 'x\n' > "$clean"
  len=$(wc -c < "$clean")
  [ "$len" -ge 6 ] || { echo "line $2 of $1 is too short" >&2; return 1; }
  if ! seq 0 100000000 | tr '\n' ' ' | head -c "$len" | cmp - "$clean" >&2; then
    echo "line $2 of $1 is not a prefix of 0 1 2 3 ..." >&2
    return 1
  fi
  [ "$(marks "$1" "$2")" -eq "$3" ] ||
    { echo "$(marks "$1" "$2") x's on line $2 of $1, expected $3" >&2; return 1; }
}

# hits_of FILE: N from FILE's line "hits N "
hits_of() { sed -n 's/^hits \([0-9]*\) $/\1/p' "$1"; }

@test "a handler printing while the main program prints: no byte lost, garbled or doubled" {
  alarm_script a.e <<'EOF'
: on-alarm ( -- ) 1 hits +! 120 emit ;
' on-alarm entry-to-execution-token wrap-signal-handler SIGALRM bind-signal
count-with-alarms
EOF
  in_tmp
  # into a file, and through a pipe
  timeout 120 "$INCANT" a.e > file.txt
  timeout 120 "$INCANT" a.e | cat > pipe.txt
  for f in file.txt pipe.txt; do
    [ "$(hits_of "$f")" -ge 3000 ]
    check_marked "$f" 1 "$(hits_of "$f")"
  done
}

@test "a handler that exits in the middle of a flush: what was printed comes out once" {
  # It exits as soon as it finds it interrupted the program just after a
  # system call that gave a count (a write: the flush's), or else at the
  # 2000th time, with the count (mod 256) as its status.  The reader is slow, so writes block and go through a
  # little at a time, and signals often arrive during them.
  alarm_script e.e <<'EOF'
: after-write? ( ucontext -- flag ) dup uc-rip @ 2 - w@ 0x050f =  swap uc-rax @ 0> and ;
: on-alarm ( signum siginfo ucontext -- )
  nip nip  1 hits +! 120 emit  after-write? hits @ 2000 = or if hits @ 255 and sys-exit then ;
' on-alarm entry-to-execution-token wrap-signal-handler-info SIGALRM bind-signal-info
50 timer numbers
EOF
  in_tmp
  for run in 1 2 3; do
    timeout 120 "$INCANT" e.e | "$PROGS/slowcat" 512 100 > pipe.txt
    hits=${PIPESTATUS[0]}
    [ "$(wc -l < pipe.txt)" -eq 0 ]
    check_marked pipe.txt 1 "$(marks pipe.txt 1)"
    [ $(( $(marks pipe.txt 1) % 256 )) -eq "$hits" ]
  done
}

@test "a handler that throws out of the output code leaves output working" {
  # Fifty times: print until the next 100th alarm throws -28 out of
  # whatever was running, often the output code; catch it, say so, go on.
  alarm_script t.e <<'EOF'
: on-alarm ( signum info uc -- ) 2drop drop  1 hits +! 120 emit  hits @ 100 mod 0= if -28 throw then ;
' on-alarm entry-to-execution-token wrap-fault-handler SIGALRM bind-fault
: run ( -- ) 50 timer  ['] numbers catch  0 timer  newline ." caught " . newline ;
: runs ( -- ) 50 0 do run loop ;
runs ." hits " hits @ . newline
EOF
  in_tmp
  timeout 120 "$INCANT" t.e > out.txt
  [ "$(grep -c '^caught -28 $' out.txt)" -eq 50 ]
  local total=0
  for line in $(seq 1 2 99); do
    [ "$(sed -n "$((line + 1))p" out.txt)" = "caught -28 " ]
    check_marked out.txt "$line" "$(marks out.txt "$line")"
    total=$((total + $(marks out.txt "$line")))
  done
  # bind-fault lets the handler interrupt itself (SA_NODEFER): a throw
  # may cut short the x of the run it interrupted, one at most per throw
  hits=$(hits_of out.txt)
  [ "$total" -le "$hits" ] && [ "$total" -ge $((hits - 50)) ]
}

@test "a throw caught inside a handler leaves the output it interrupted alone" {
  alarm_script c.e <<'EOF'
: fails ( -- ) -1 throw ;
: on-alarm ( -- ) 1 hits +!  ['] fails catch drop  120 emit ;
' on-alarm entry-to-execution-token wrap-signal-handler SIGALRM bind-signal
count-with-alarms
EOF
  in_tmp
  timeout 120 "$INCANT" c.e > out.txt
  check_marked out.txt 1 "$(hits_of out.txt)"
}
