~ lib/numbers.e - mixed and double-cell arithmetic, pictured numeric
~ output, printing in columns, dump.
~
~ A double (d, ud) is two cells, the low one deeper, the high one on top:
~ `1.` and `-1.` are doubles as the text interpreter reads them.  Division
~ truncates toward zero, as / and /% do (sm/rem); fm/mod floors.  A zero
~ divisor is error -10, a quotient that does not fit -11.  The products and
~ the one division x86-64 does in hardware are code words (asm/amd64.e),
~ which superinstructions copy (fusable, core/prims.e).

~ ---- products and the hardware division --------------------------------
code um* ( u1 u2 -- ud )
  :rax pop-reg64  :rsp 0 mul-mem64            ~ rdx:rax = u2 * u1
  :rax :rsp 0 mov-mem64-reg64  :rdx push-reg64
end-code fusable

code m* ( n1 n2 -- d )
  :rax pop-reg64  :rsp 0 imul-mem64
  :rax :rsp 0 mov-mem64-reg64  :rdx push-reg64
end-code fusable

~ ( ud u -- urem uquot ) div as it is: the caller checks that the
~ quotient fits (the high cell below the divisor), or the CPU faults
code (um/mod) ( ud u -- urem uquot )
  :rcx pop-reg64  :rdx pop-reg64  :rsp 0 :rax mov-reg64-mem64
  :rcx div-reg64
  :rdx :rsp 0 mov-mem64-reg64  :rax push-reg64
end-code fusable

code d+ ( d1 d2 -- d3 )
  :rax pop-reg64  :rdx pop-reg64               ~ high, low of d2
  :rdx :rsp 8 add-mem64-reg64  :rax :rsp 0 adc-mem64-reg64
end-code fusable

code d- ( d1 d2 -- d3 )
  :rax pop-reg64  :rdx pop-reg64
  :rdx :rsp 8 sub-mem64-reg64  :rax :rsp 0 sbb-mem64-reg64
end-code fusable

~ ---- single and mixed division ------------------------------------------
: um/mod ( ud u -- urem uquot )
  dup 0= if -10 throw then  2dup u< 0= if -11 throw then  (um/mod) ;
: s>d ( n -- d ) dup 0< ;
: d>s ( d -- n ) drop ;
: dnegate ( d -- -d ) invert swap negate tuck 0= - ;
: dabs ( d -- ud ) dup 0< if dnegate then ;
~ ( uquot negative? -- quot ) the quotient with its sign, -11 if it does
~ not fit a signed cell
: signed-quotient ( u flag -- n )
  if dup 0x8000000000000000 u> if -11 throw then negate
  else dup 0< if -11 throw then then ;
: sm/rem ( d n -- rem quot )      ~ symmetric: the quotient truncated
  2dup xor >r  over >r  abs >r dabs r> um/mod
  r> 0< if swap negate swap then
  r> 0< signed-quotient ;
~ ( quot -- quot-1 ) one lower, for flooring: below the smallest cell -11
: floored-quotient ( n -- n-1 )
  dup 0x8000000000000000 = if -11 throw then 1- ;
: fm/mod ( d n -- rem quot )      ~ floored: the remainder takes n's sign
  dup >r sm/rem
  over dup 0<> swap 0< r@ 0< xor and
  if floored-quotient swap r> + swap else rdrop then ;
: /mod ( n1 n2 -- rem quot ) /% ;
: */mod ( n1 n2 n3 -- rem quot ) >r m* r> sm/rem ;  ~ n1*n2 kept double
: */ ( n1 n2 n3 -- n ) */mod nip ;
: m+ ( d n -- d' ) s>d d+ ;

~ ---- doubles ------------------------------------------------------------
: d0= ( d -- flag ) or 0= ;
: d0< ( d -- flag ) nip 0< ;
: d= ( d1 d2 -- flag ) rot = -rot = and ;
: d< ( d1 d2 -- flag ) rot 2dup = if 2drop u< else > nip nip then ;
: du< ( ud1 ud2 -- flag ) rot 2dup = if 2drop u< else u> nip nip then ;
: d<> ( d1 d2 -- flag ) d= 0= ;
: d> ( d1 d2 -- flag ) 2swap d< ;
: d<= ( d1 d2 -- flag ) d> 0= ;
: d>= ( d1 d2 -- flag ) d< 0= ;
: du> ( ud1 ud2 -- flag ) 2swap du< ;
: d2* ( d -- d*2 ) 2dup d+ ;
: d2/ ( d -- d/2 ) dup 1 and 63 lshift rot 1 rshift or swap 2/ ;
: dmax ( d1 d2 -- d ) 2over 2over d< if 2swap then 2drop ;
: dmin ( d1 d2 -- d ) 2over 2over d< 0= if 2swap then 2drop ;
: 2rot ( d1 d2 d3 -- d2 d3 d1 ) 6 roll 6 roll ;

~ m*/ ( d1 n1 +n2 -- d2 ): d1*n1/n2 through a triple-cell product, so
~ the product never overflows; truncated toward zero.  The quotient is
~ worked out unsigned, so one past the signed range (max-d*2/1) is -11
~ here, not a double of the other sign.
: t* ( ud u -- ut )    ~ three cells, the lowest deepest
  tuck um* >r >r  um*  0 r> 0 d+  r> + ;
: t/ ( ut u -- ud )
  >r  0 r@ um/mod if -11 throw then  r@ um/mod  -rot r> um/mod nip swap ;
~ ( ud negative? -- d ) ud with the sign, or -11 if d cannot hold it
: signed-double ( ud negative? -- d )
  if dnegate 2dup d0= 0= over 0< 0= and else dup 0< then
  if -11 throw then ;
: m*/ ( d1 n1 +n2 -- d2 )
  >r  over over xor >r  abs >r dabs r> t*  r> r> swap >r t/
  r> 0< signed-double ;

~ ---- pictured numeric output ---------------------------------------------
~ <# starts a number at the end of the hold area; # and #s add digits
~ (in base) and hold and sign characters before them, right to left; #>
~ gives the text.  The area holds 200 characters (a double in base 2 is
~ 128): more is error -17.
200 constant hold-size
hold-size buffer: hold-area
variable hld
: <# ( -- ) hold-area hold-size + hld ! ;
: hold ( c -- ) hld @ hold-area = if -17 throw then  -1 hld +!  hld @ c! ;
~ ( addr len -- ) a negative len is -24 (it would take the bytes before addr)
: holds ( addr len -- )
  dup 0< if -24 throw then  begin dup while 1- 2dup + c@ hold repeat 2drop ;
: sign ( n -- ) 0< if [char] - hold then ;
: ud/mod ( ud u -- urem udquot )  >r 0 r@ um/mod  r> swap >r um/mod r> ;
: # ( ud -- ud' ) radix ud/mod rot numeral hold ;
: #s ( ud -- 0 0 ) begin # 2dup d0= until ;
: #> ( xd -- addr len ) 2drop hld @ hold-area hold-size + over - ;

~ ---- printing -------------------------------------------------------------
: ud. ( ud -- ) <# #s #> type space ;
: d. ( d -- ) tuck dabs <# #s rot sign #> type space ;
: d.r ( d width -- ) >r tuck dabs <# #s rot sign #> r> over - spaces type ;
: ud.r ( ud width -- ) >r <# #s #> r> over - spaces type ;
: u.r ( u width -- ) 0 swap ud.r ;
: ? ( addr -- ) @ . ;

~ dump ( addr len -- ): len bytes from addr, 16 a line: the address, the
~ bytes in hex, the printable ones as text.  Always hex, whatever base.
: .hex-digits ( u n -- )   ~ at least n digits, in hex
  base @ >r hex >r 0 <# r> 0 ?do # loop begin 2dup d0= 0= while # repeat #> type
  r> base ! ;
: .dump-byte ( addr end -- ) over > if c@ 2 .hex-digits space else drop 3 spaces then ;
: .dump-char ( addr -- ) c@ dup 32 127 within 0= if drop [char] . then emit ;
: .dump-line ( addr end -- )
  over 8 .hex-digits ." : "
  16 0 do over i + over .dump-byte loop space
  over 16 + min swap ?do i .dump-char loop cr ;
: dump ( addr len -- )
  over + swap begin 2dup u> while 2dup swap .dump-line 16 + repeat 2drop ;

~ the internals
hide-word (um/mod)  hide-word signed-quotient  hide-word floored-quotient
hide-word t*  hide-word t/  hide-word signed-double
hide-word hold-size  hide-word hold-area  hide-word hld  hide-word ud/mod
hide-word .hex-digits  hide-word .dump-byte  hide-word .dump-char  hide-word .dump-line
