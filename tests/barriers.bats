#!/usr/bin/env bats
# Memory barriers and fault-guarded code (lib/barriers.e).

load helper

@test "a write barrier records the dirty pages, as a card-marking collector's does" {
  run_e "16 map-pages constant heap
         16 cells buffer: dirty   variable faults
         : page# ( addr -- n ) heap - page-size / ;
         : on-write ( addr kind -- )
           access-write = if 1 faults +!  dup page# cells dirty + -1 swap !
           1 PROT_READ PROT_WRITE or protect-pages else drop then ;
         heap 16 page-size * ' on-write entry-to-execution-token on-access
         heap 16 PROT_READ protect-pages
         : poke ( page -- ) page-size * heap + 100 + dup 5 swap ! 8 + 6 swap ! ;
         3 poke 7 poke 3 poke
         heap 3 page-size * 100 + + @ .
         : .dirty ( -- ) 16 0 do dirty i cells + @ if i . then loop ; .dirty faults @ ."
  ok_output "5 3 7 2 "
}

@test "a read barrier fills a page on first touch: 1 GiB reserved, only what is touched is resident" {
  put lazy.e "262144 reserve-pages constant area
: fill-page ( addr kind -- )
  drop page-size negate and  dup 1 PROT_READ PROT_WRITE or protect-pages
  dup area - page-size /  over !  drop ;
area 262144 page-size * ' fill-page entry-to-execution-token on-access
: probe ( page -- ok? ) dup page-size * area + @ = ;
: probe-all ( -- n ) 0 262144 0 do i probe if 1+ then 2621 +loop ;
probe-all . newline sys-getpid . newline flush-output
8 buffer: b 0 b 1 sys-read drop
"
  in_tmp
  mkfifo in.fifo
  "$INCANT" lazy.e < in.fifo > out.txt &
  local pid=$!
  exec 8> in.fifo
  for _ in $(seq 300); do [ "$(wc -l < out.txt)" -ge 2 ] && break; sleep 0.01; done
  local rss
  rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$(sed -n 2p out.txt | tr -d ' ')/status")
  echo x >&8
  exec 8>&-
  wait $pid
  [ "$(head -1 out.txt)" = "101 " ]
  # 101 pages touched out of 262144: a few MB, not 1 GiB
  [ "$rss" -lt 20000 ]
}

@test "a fault outside every barrier is still an error" {
  run_e "4 map-pages constant heap
         : on-it ( addr kind -- ) 2drop ;
         heap 4 page-size * ' on-it entry-to-execution-token on-access
         0x40 @"
  assert_status 1
  assert_output "-e:4:15: error -9: invalid memory address: SIGSEGV at 0x40
  in @"
}

@test "fault-kind tells a read from a write" {
  run_e "1 map-pages constant p  variable kinds
         : note ( addr kind -- ) kinds @ 10 * + 1+ kinds !  1 PROT_READ PROT_WRITE or protect-pages ;
         p page-size ' note entry-to-execution-token on-access
         p 1 PROT_NONE protect-pages  p @ drop
         p 1 PROT_READ protect-pages  7 p !
         kinds @ ."
  ok_output "12 "
}

@test "safe@ and safe-c@ give the value and true, or false where @ would fault" {
  run_e "variable v 1234 v !
         v safe@ . .  0 safe@ .  0x10 safe-c@ .
         v safe-c@ . .  v valid-address? . 8 valid-address? ."
  ok_output "-1 1234 0 0 -1 210 -1 0 "
}

@test "a code word of one's own can be guarded: a fault inside resumes at its recovery" {
  run_e "variable from variable upto variable back
         code peek-or-minus-one ( addr -- x )
           :rsp 0 :rax mov-reg64-mem64
           dup from !  :rax 0 :rax mov-reg64-mem64  dup upto !
           :rax :rsp 0 mov-mem64-reg64  next
           dup back !  -1 :rsp 0 mov-mem64-imm32
         end-code
         from @ upto @ back @ guard-code
         variable v 77 v !  v peek-or-minus-one .  0x18 peek-or-minus-one .
         0x18 ' @ entry-to-execution-token catch ."
  ok_output "77 -1 -9 "
}

# guarded_peek N: a code word peekN ( addr -- x ) that reads the cell at
# addr, and -N where that faults once its range is registered; fN, uN, bN
# hold the range's start, end and recovery
guarded_peek() {
  echo "variable f$1 variable u$1 variable b$1
        code peek$1 ( addr -- x )
          :rsp 0 :rax mov-reg64-mem64
          dup f$1 !  :rax 0 :rax mov-reg64-mem64  dup u$1 !
          :rax :rsp 0 mov-mem64-reg64  next
          dup b$1 !  -$1 :rsp 0 mov-mem64-imm32
        end-code"
}

@test "guarded ranges registered out of address order each resume at their own recovery" {
  # guard-code noted each log page's first registered range and looked
  # forward from it: a range below it on the same page, registered after
  # it, was never found, and its fault was a bare -9
  run_e "$(guarded_peek 1) $(guarded_peek 2)
         f2 @ u2 @ b2 @ guard-code  f1 @ u1 @ b1 @ guard-code
         0x18 peek1 .  0x18 peek2 .  f1 @ 12 rshift f2 @ 12 rshift = ."
  ok_output "-1 -2 -1 "
}

@test "map-pages, reserve-pages and protect-pages of a count whose bytes wrap are -24, not a page or two" {
  # n * 4096 wrapped: 2^52+1 pages mapped one page, silently
  for code in "4503599627370497 map-pages" "4503599627370497 reserve-pages" \
              "1 map-pages 4503599627370497 0 protect-pages" "-1 map-pages"; do
    run_e ": t ( -- ) $code ; : u ['] t catch . ; u"
    ok_output "-24 " || return 1
  done
  run_e "2 map-pages dup 1 page-size * + 7 swap ! 1 map-pages drop 2 . "
  ok_output "2 "
}

@test "on-access of a range overlapping one registered, or of a negative length, is an error" {
  # the lookup finds the last range starting at or below the address: a
  # fault in the outer of two nested ranges past the inner one found the
  # inner, missed, and was a bare -9 with the outer's word never called
  run --separate-stderr "$INCANT" -e ": h ( addr kind -- ) 2drop ;
    4 map-pages constant p  p 4 page-size * ' h entry-to-execution-token on-access
    p page-size + 16 ' h entry-to-execution-token on-access"
  assert_status 1
  [[ "$stderr" == "-e:3:"*": error: on-access: the range overlaps one already registered"* ]]
  run_e ": h ( addr kind -- ) 2drop ;  4 map-pages constant p
    p page-size + 16 ' h entry-to-execution-token on-access
    p page-size ' h entry-to-execution-token on-access
    p page-size + 16 + 16 ' h entry-to-execution-token on-access
    : n p 3 page-size * + -1 ['] h on-access ; ' n entry-to-execution-token catch ."
  ok_output "-24 "
}

@test "guard-code of an end not after its start, or past the log, fails before registering" {
  # the loop over the range's pages ran from start's page up round the
  # wrap (end before start), or past the table's end (end beyond the
  # log), writing page cells over the data region that follows it
  for code in "here @ dup 8192 - over guard-code" "here @ dup over guard-code" \
              "here @ dup 0x80000000 + over guard-code"; do
    run --separate-stderr "$INCANT" -e "variable v 77 v ! : t $code ; ' t entry-to-execution-token catch . v @ ."
    assert_status 0
    [ "$output" = "-2 77 " ] || { echo "$code: $output"; return 1; }
  done
}
