#!/usr/bin/env bats
# Heap memory (lib/heap.e): heap-allocate, free, resize, Forth-2012's
# MEMORY words under the names a later standard mode can map; the
# dialect's allocate still takes bytes of the log.

load helper

@test "heap-allocate gives writable memory outside the log, and ior 0" {
  run_e "100 heap-allocate .  dup 100 char z fill  dup 99 + c@ .
         dup here @ u< 0= .  dup 0x10000000 0x50000000 within .  free ."
  ok_output "0 122 -1 0 0 "
}

@test "a freed block is handed out again for a request of its size" {
  run_e "100 heap-allocate drop  dup free .  100 heap-allocate drop = .
         200 heap-allocate drop 100 heap-allocate drop <> ."
  ok_output "0 -1 -1 "
}

@test "a thousand blocks of many sizes keep their contents, then all free with 0" {
  put many.e '1000 cells buffer: blocks
: size ( i -- n ) dup * 7 mod 40 * 1+ ;        ~ 1 to 241 bytes
: block ( i -- addr ) cells blocks + @ ;
: make ( -- ) 1000 0 do i size heap-allocate abort" no memory" blocks i cells + ! loop ;
: paint ( -- ) 1000 0 do i block i size i 255 and fill loop ;
: check ( -- flag )
  true 1000 0 do i block i size + 1- c@ i 255 and <> if drop false then loop ;
: release ( -- ior ) 0 1000 0 do i block free or loop ;
make paint check . release .  make paint check . release .'
  in_tmp
  run "$INCANT" many.e
  ok_output "-1 0 -1 0 "
}

@test "a large block is a mapping of its own; free unmaps it" {
  run_e "1000000 heap-allocate .  dup 1000000 char q fill  dup 999999 + c@ .
         dup free .  ' c@ entry-to-execution-token catch nip ."
  ok_output "0 113 0 -9 "
}

@test "resize keeps the contents, growing from small to large and back" {
  put grow.e ': check ( addr n -- flag ) true swap 0 ?do over i + c@ i 251 mod <> if drop false then loop nip ;
: paint ( addr n -- ) 0 ?do i 251 mod over i + c! loop drop ;
40 heap-allocate . dup 40 paint
100000 resize . dup 40 check . dup 100000 paint
300000 resize . dup 100000 check .
50 resize . dup 50 check .
free .'
  in_tmp
  run "$INCANT" grow.e
  ok_output "0 0 -1 0 -1 0 -1 0 "
}

@test "resize within the block's room keeps its address; resize of 0 allocates" {
  run_e "20 heap-allocate drop  dup 30 resize . over = .  dup 2 resize . over = . drop
         0 100 resize . 0<> ."
  ok_output "0 -1 0 -1 0 -1 "
}

@test "a resize that cannot be done leaves the block and its address: ior -12" {
  run_e "16 heap-allocate drop dup 7 swap c!  dup -1 resize . over = . c@ ."
  ok_output "-12 -1 7 "
}

@test "heap-allocate of more than the machine can map is 0 and -12" {
  run_e "-1 heap-allocate . .  0x7fffffffffff heap-allocate . ."
  ok_output "-12 0 -12 0 "
}

@test "free of an address heap-allocate did not give, or gave back already, is -22" {
  run_e "0 free .  here @ 16 + free .  pad 3 + free .
         10 heap-allocate drop dup free . free .  10 heap-allocate drop 5 + free .
         here @ 16 + 10 resize . drop"
  ok_output "-22 -22 -22 0 -22 -22 -22 "
}

@test "free and resize of a large block given back already, or of an address whose header is unmapped, are -22" {
  # the header of a large block goes with its mapping, and below the
  # first block of a chunk nothing is mapped: reading it faulted (-9)
  run_e "100000 heap-allocate drop dup free . dup free . 10 resize . drop
         0x7ffffffffff0 free .  0x1000 free ."
  ok_output "0 -22 -22 -22 -22 "
}

@test "heap-allocate 0 gives a distinct block that can be freed" {
  run_e "0 heap-allocate . 0 heap-allocate . <> .  "
  assert_status 0
  [[ "$output" == "0 0 -1 " ]]
}

@test "allocate still takes bytes of the log" {
  run_e "here @ dup 24 allocate = .  here @ swap - ."
  ok_output "-1 24 "
}
