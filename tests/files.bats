#!/usr/bin/env bats
# Files with Forth-2012's FILE words (lib/files.e), included and
# required, and the process's surroundings (lib/system.e): getenv,
# utime, time&date.

load helper

# A prelude for the scripts below: name ( str -- addr len ), a buffer,
# and .ior ( ior -- ) printing an ior as its errno name.
LIB=': name ( str -- addr len ) dup strlen ;
200 buffer: buf
variable fd
: .ior ( ior -- ) ?dup if errno-name emitstring else ." ok" then space ;
'

# ---- reading and writing ----

@test "create-file, write-file, write-line, then open-file and read-file give the bytes back" {
  put rw.e "$LIB"'
s" out.txt" name w/o create-file .ior fd !
s" hello" name fd @ write-line .ior
s" world" name fd @ write-file .ior
fd @ close-file .ior cr
s" out.txt" name r/o open-file .ior fd !
buf 100 fd @ read-file .ior .  buf 11 type cr
buf 100 fd @ read-file .ior .  fd @ close-file .ior'
  in_tmp
  run "$INCANT" rw.e
  ok_output "ok ok ok ok 
ok ok 11 hello
world
ok 0 ok "
  [ "$(cat out.txt)" = "hello
world" ]
}

@test "read-line gives each line without its end (\\n or \\r\\n); flag false at the end" {
  printf 'one\r\ntwo\n\nlast' > "$BATS_TEST_TMPDIR/in.txt"
  put lines.e "$LIB"'
: lines ( -- ) begin buf 100 fd @ read-line .ior while ." [" buf swap type ." ] " repeat . ;
s" in.txt" name r/o open-file .ior fd !  lines  fd @ close-file .ior'
  in_tmp
  run "$INCANT" lines.e
  ok_output "ok ok [one] ok [two] ok [] ok [last] ok 0 ok "
}

@test "read-line into a negative length is error -24, not the end of the file" {
  printf 'one\ntwo\n' > "$BATS_TEST_TMPDIR/in.txt"
  put neg.e "$LIB"'
: try ( fd -- ) buf -1 rot read-line ;
: t ( fd -- ) ['"'"'] try catch . drop depth . ;
s" in.txt" name r/o open-file .ior t  stdin t'
  in_tmp
  run bash -c '"$INCANT" neg.e < in.txt'
  ok_output "ok -24 0 -24 0 "
}

@test "a line longer than the buffer comes in pieces, from a file and from a pipe" {
  printf 'abcdefgh\nabc\nxy' > "$BATS_TEST_TMPDIR/long.txt"
  local define=': lines ( fd -- ) fd ! begin buf 3 fd @ read-line drop while ." [" buf swap type ." ]" repeat drop ;'
  put long.e "$LIB$define"'
s" long.txt" name r/o open-file drop lines'
  in_tmp
  run "$INCANT" long.e
  ok_output "[abc][def][gh][abc][xy]"
  put pipe.e "$LIB$define"'
stdin lines'
  run bash -c 'cat long.txt | "$INCANT" pipe.e'
  ok_output "[abc][def][gh][abc][xy]"
}

@test "read-line on standard input takes what key and accept read ahead first" {
  run incant_in $'200 buffer: b  key . b 100 stdin read-line . . b swap type\nAbc\n'
  ok_output "65 0 -1 bc"
}

@test "a file that is not there gives ior -2 and fileid 0, and the script goes on" {
  put missing.e "$LIB"'
s" no-such-file" name r/o open-file . .
s" no-dir/new.txt" name w/o create-file .ior .
s" no-such-file" name delete-file .ior
s" no-such-file" name s" other" name rename-file .ior
s" no-such-file" name file-status .ior .
s" ." name w/o open-file .ior drop
." still here"'
  in_tmp
  run "$INCANT" missing.e
  ok_output "-2 0 ENOENT 0 ENOENT ENOENT ENOENT 0 EISDIR still here"
}

@test "a bad fileid is ior -9 for every word, and a closed file is bad" {
  put bad.e "$LIB"'
buf 10 99 read-file .ior .  buf 10 99 read-line .ior . .  buf 10 99 write-file .ior
99 file-size .ior . .  99 file-position .ior . .  0. 99 reposition-file .ior
0. 99 resize-file .ior  99 close-file .ior
s" bad.e" name r/o open-file drop dup close-file .ior close-file .ior'
  in_tmp
  run "$INCANT" bad.e
  ok_output "EBADF 0 EBADF 0 0 EBADF EBADF 0 0 EBADF 0 0 EBADF EBADF EBADF ok EBADF "
}

@test "file-size, file-position, reposition-file and resize-file" {
  put pos.e "$LIB"'
s" data.txt" name r/w create-file .ior fd !
s" 0123456789" name fd @ write-file .ior
fd @ file-size .ior . .  fd @ file-position .ior . .
4. fd @ reposition-file .ior  buf 3 fd @ read-file .ior .  buf 3 type space
fd @ file-position .ior d.
6. fd @ resize-file .ior  fd @ file-size .ior d.
0 1 fd @ reposition-file .ior  0 1 fd @ resize-file .ior
fd @ close-file .ior'
  in_tmp
  run "$INCANT" pos.e
  ok_output "ok ok ok 0 10 ok 0 10 ok ok 3 456 ok 7 ok ok 6 EINVAL EINVAL ok "
  [ "$(cat data.txt)" = "012345" ]
}

@test "delete-file and rename-file change the directory" {
  put ren.e "$LIB"'
s" a.txt" name s" b.txt" name rename-file .ior
s" c.txt" name delete-file .ior'
  in_tmp
  echo a > a.txt
  echo c > c.txt
  run "$INCANT" ren.e
  ok_output "ok ok "
  [ ! -e a.txt ] && [ "$(cat b.txt)" = a ] && [ ! -e c.txt ]
}

@test "r/w opens for both; bin changes nothing; create-file empties a file" {
  put both.e "$LIB"'
r/o bin .  w/o bin .  r/w bin .
s" f.txt" name r/w bin open-file .ior fd !
buf 3 fd @ read-file .ior .  s" XY" name fd @ write-file .ior  fd @ close-file .ior
s" g.txt" name w/o create-file .ior close-file .ior'
  in_tmp
  echo abcdef > f.txt
  echo full > g.txt
  run "$INCANT" both.e
  ok_output "0 1 2 ok ok 3 ok ok ok ok "
  [ "$(cat f.txt)" = "abcXYf" ] && [ ! -s g.txt ]
}

@test "file-status gives the mode of a file that is there" {
  put st.e "$LIB"'s" st.e" name file-status .ior 8 base ! . decimal'
  in_tmp
  chmod 644 st.e
  run "$INCANT" st.e
  ok_output "ok 100644 "
}

@test "a name of 4096 bytes or more is ior -36 (ENAMETOOLONG)" {
  run_e ": long ( -- addr len ) pad 4096 ;  long r/o open-file . .  long delete-file ."
  ok_output "-36 0 -36 "
}

@test "write-file on stdout and stderr keeps its place among . and type" {
  run "$INCANT" -e ': name ( str -- addr len ) dup strlen ;' \
    -e '1 . s" two " name stdout write-file drop 3 . s" four" name stdout write-line drop 5 .'
  ok_output "1 two 3 four
5 "
  run bash -c '"$INCANT" -e ": name ( str -- addr len ) dup strlen ;" -e "1 . s\" err\" name stderr write-line drop 2 ." 2>&1'
  ok_output "1 err
2 "
}

@test "flush-file is 0 for a file and for a pipe" {
  put fl.e "$LIB"'
s" x.txt" name w/o create-file drop fd !  s" x" name fd @ write-file drop
fd @ flush-file .ior  stdout flush-file .ior  fd @ close-file .ior'
  in_tmp
  run "$INCANT" fl.e
  ok_output "ok ok ok "
}

# ---- loading source ----

@test "included loads a file named by addr len; required loads it once" {
  put lib.e '1 loads +!'
  put main.e ': name ( str -- addr len ) dup strlen ;  variable loads
s" lib.e" name included  s" lib.e" name required  loads @ .
s" lib.e" name included  loads @ .'
  put req.e ': name ( str -- addr len ) dup strlen ;  variable loads
s" lib.e" name required  s" lib.e" name required  loads @ .'
  in_tmp
  run "$INCANT" main.e
  ok_output "1 2 "
  run "$INCANT" req.e
  ok_output "1 "
}

@test "included of a missing file is error -38 at the word" {
  put inc.e ': name ( str -- addr len ) dup strlen ;
s" gone.e" name included'
  in_tmp
  run "$INCANT" inc.e
  assert_status 1
  assert_output "inc.e:2:17: error -38: cannot open file: gone.e: no such file or directory"
}

@test "include of a file that cannot be opened names the reason, whatever it is" {
  # errnos outside a short table all read "cannot read"
  in_tmp
  ln -s loop2 loop1 && ln -s loop1 loop2
  run "$INCANT" -e 'include loop1'
  assert_status 1
  assert_output "-e:1:9: error -38: cannot open file: loop1: too many levels of symbolic links"
}

# ---- the environment and the clock ----

@test "getenv gives a variable's value, 0 0 when it is not set" {
  run env INCANT_TEST_VAR=hello INCANT_EMPTY= "$INCANT" -e ': name ( str -- addr len ) dup strlen ;' \
    -e 's" INCANT_TEST_VAR" name getenv type space  s" INCANT_NOT_SET" name getenv . .
        s" INCANT_EMPTY" name getenv . 0<> .  s" INCANT_TEST" name getenv . .'
  ok_output "hello 0 0 0 -1 0 0 "
}

@test "utime is microseconds since 1970 as a double" {
  before=$(date +%s)
  run_e "utime . 1000000 / ."
  after=$(date +%s)
  assert_status 0
  read -r hi secs <<< "$output"
  [ "$hi" = 0 ] && [ "$secs" -ge "$before" ] && [ "$secs" -le "$after" ]
}

@test "time&date is the date and time now, in UTC" {
  for try in 1 2 3; do
    before=$(date -u '+%-S %-M %-H %-d %-m %Y')
    run_e "time&date . . . . . ."
    after=$(date -u '+%-S %-M %-H %-d %-m %Y')
    [ "$before" = "$after" ] && break
  done
  assert_status 0
  read -r s mi h d mo y <<< "$before"
  assert_output "$y $mo $d $h $mi $s "
}
