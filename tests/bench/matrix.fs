\ matrix.fs - 200x200 integer matrix multiply, 10 times; checks a checksum.
200 constant n
create ma n n * cells allot
create mb n n * cells allot
create mc n n * cells allot
variable sum

: at ( i j m -- addr ) >r swap n * + cells r> + ;

: init ( -- )
  n 0 do n 0 do
    j i 2* + 7 mod 3 -  j i ma at !
    j i * 11 mod 5 -    j i mb at !
  loop loop ;

\ the dot product of a row of ma (step one cell) and a column of mb (step a row)
: dot ( pa pb -- n )
  0 -rot n 0 do
    2dup @ swap @ *  >r rot r> + -rot
    n cells + swap cell+ swap
  loop 2drop ;

: multiply ( -- )
  n 0 do n 0 do
    j 0 ma at  0 i mb at  dot  j i mc at !
  loop loop ;

: weigh ( -- ) n 0 do n 0 do j i mc at @  j i + 13 mod 1+ *  sum +! loop loop ;

: bench ( -- )
  0 sum !  init
  10 0 do multiply weigh  1 i i ma at +! loop ;

: check ( n expected -- ) over . cr <> if ." FAIL" cr abort then ;
bench sum @ -280871 check
bye
