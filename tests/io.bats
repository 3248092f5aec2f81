#!/usr/bin/env bats
# Input and output under hostile conditions: a full disk, closed and
# broken descriptors, signal handlers that print, endless or slow input.

load helper

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
