~ lib/strings.e - strings as addr len, the standard's way (the dialect's
~ own are NUL-terminated: s", strlen, streq), and pad.
~ Characters compare as unsigned bytes.

1024 constant pad-size
pad-size buffer: pad      ~ ( -- addr ) scratch space no word here uses

: count ( c-addr -- addr len ) dup 1+ swap c@ ;    ~ a counted string
: /string ( addr len n -- addr+n len-n ) tuck - >r + r> ;

~ ( a1 u1 a2 u2 -- a1 u1 a2 u2 ) a negative length is -24: taken as
~ unsigned it would be some 2^64 bytes, read on through memory
: check-lengths ( a1 u1 a2 u2 -- a1 u1 a2 u2 )
  2 pick over or 0< if -24 throw then ;

~ compare ( a1 u1 a2 u2 -- n ): -1, 0 or 1 as the first string sorts
~ before, with or after the second; a prefix sorts first.
: compare ( a1 u1 a2 u2 -- n )
  check-lengths
  rot 2dup 2>r min                      ( a1 a2 n ) ~ R: u2 u1
  0 ?do
    over i + c@  over i + c@  - ?dup if
      nip nip 0< 2* 1+  unloop 2r> 2drop exit
    then
  loop 2drop
  2r> swap 2dup = if 2drop 0 exit then  u< if -1 else 1 then ;

: str= ( a1 u1 a2 u2 -- flag ) compare 0= ;   ~ gforth's name

~ ( a1 u1 a2 u2 -- flag ) a1 u1 starts with a2 u2
: starts-with? ( a1 u1 a2 u2 -- flag )
  2over nip over < if 2drop 2drop false exit then
  rot drop tuck compare 0= ;

~ search ( a1 u1 a2 u2 -- a3 u3 flag ): the first place a2 u2 occurs in
~ a1 u1 and the rest from there, true; or a1 u1 and false.  An empty
~ a2 u2 is found at once.
: search ( a1 u1 a2 u2 -- a3 u3 flag )
  check-lengths  dup 0= if 2drop true exit then
  2>r 2dup                              ( a1 u1 a u ) ~ R: a2 u2
  begin dup r@ < 0= while
    2dup 2r@ starts-with? if 2swap 2drop 2r> 2drop true exit then
    1 /string
  repeat 2drop 2r> 2drop false ;

hide-word pad-size  hide-word starts-with?  hide-word check-lengths
