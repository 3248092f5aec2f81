\ bubble.fs - bubble sort of 5000 pseudo-random numbers (an LCG), 10 times;
\ checks the array is sorted and a position-weighted checksum.
5000 constant n
create a n cells allot
variable lcg
variable sum

: rnd ( -- u ) lcg @ 1103515245 * 12345 + 2147483647 and dup lcg ! 16 rshift ;
: fill-array ( -- ) n 0 do rnd a i cells + ! loop ;

: sort ( -- )
  1 n 1- do
    a i cells bounds do
      i @ i cell+ @ 2dup > if i ! i cell+ ! else 2drop then
    cell +loop
  -1 +loop ;

: sorted? ( -- flag )
  true n 1- 0 do a i cells + dup @ swap cell+ @ > if drop false leave then loop ;

: weigh ( -- ) n 0 do a i cells + @ i 1+ * sum +! loop ;

: bench ( -- )
  74755 lcg !  0 sum !
  10 0 do
    fill-array sort
    sorted? 0= if ." FAIL: not sorted" cr abort then
    weigh
  loop ;

: check ( n expected -- ) over . cr <> if ." FAIL" cr abort then ;
bench sum @ 2727952424164 check
bye
