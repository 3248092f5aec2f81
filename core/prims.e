~ core/prims.e - primitives written with the assembler: the ones
~ core/core.e and asm/amd64.e do not need, so they need not be C.  Each
~ assembles to the same bytes boot/prims.c emitted for it (the start-up
~ image keeps the cost of assembling them out of every run), and each is
~ entered in the optimizer's table as boot/prims.c's fusable primitives
~ are, so superinstructions copy it as before.

~ ---------------------------------------------------------------- fusion

~ The optimizer's record of a fusable body (boot/vm.h, struct prim_info),
~ filled while the prelude loads: the table is sealed with it, so this is
~ for the prelude's own code words.
: prim-record ( n -- addr ) prim-info-size * prim-table + ;
: newest-record ( -- addr ) prim-count-cell @ 1- prim-record ;

~ ( -- ) the code word just ended may be copied into superinstructions:
~ its body must end in NEXT (end-code appends it) and hold no other
~ lodsq (an operand read through rsi, or a NEXT of its own); record it
~ NEXT is lodsq (its first two bytes), then jmp [rax]: next-code holds
~ its bytes as a little-endian number (boot/layout.c)
: lodsq-at? ( addr -- flag ) l@ 0xffff and  next-code 0xffff and = ;
: next-at? ( addr -- flag ) l@ next-code = ;
: check-fusable ( start end -- )
  dup next-at? 0= if s" fusable: the body does not end in NEXT" fail then
  swap ?do i lodsq-at? if s" fusable: the body reads through rsi (lodsq)" fail then loop ;
~ ( xt end -- ) record the code word xt, whose NEXT ends at end
: record-fusable ( xt end -- )
  prim-count-cell @ max-prims = if s" fusable: the table is full (MAX_PRIMS)" fail then
  next-size - over cell+ swap 2dup check-fusable   ( xt start end' )
  swap - prim-count-cell @ prim-record       ( xt len rec )
  tuck prim-info-len + l!  l!  1 prim-count-cell +! ;
: fusable ( -- ) latest @ entry-to-execution-token here @ record-fusable ;
~ ( entry -- ) the same for a code word made before: its body ends at
~ its first lodsq, which must be its NEXT
: fusable-word ( entry -- )
  entry-to-execution-token dup cell+ begin dup lodsq-at? 0= while 1+ repeat
  next-size + record-fusable ;
~ ( cc -- ) the newest record's body is a comparison true on cc (:ge ...)
: fusable-compare ( cc -- ) 0xf and 1+ newest-record prim-info-compare + c! ;
~ ( -- ) it reads the control stack's frame (i j rp@: never inlined)
: fusable-frame ( -- ) rstack-frame newest-record prim-info-rstack + c! ;
~ ( -- ) it keeps rsi in rbx while it uses rsi (error.c, interrupted-rsi)
: fusable-rsi-in-rbx ( -- ) 1 newest-record prim-info-rsi-in-rbx + c! ;



~ The code words asm/amd64.e made with what it defined: bounds and
~ byte-swap keep to the stack; cmove and cmove> keep rsi in rdx, which a
~ signal's report would not know to look at, so they stay calls.
s" bounds" must-find fusable-word
s" byte-swap" must-find fusable-word


~ ---------------------------------------------------------------- the value stack

code 3roll ( a b c -- b c a )
  :rsp 16 :rax mov-reg64-mem64  :rsp 8 :rdx mov-reg64-mem64  :rsp 0 :rcx mov-reg64-mem64
  :rdx :rsp 16 mov-mem64-reg64  :rcx :rsp 8 mov-mem64-reg64  :rax :rsp 0 mov-mem64-reg64
end-code fusable

code 3unroll ( a b c -- c a b )
  :rsp 16 :rax mov-reg64-mem64  :rsp 8 :rdx mov-reg64-mem64  :rsp 0 :rcx mov-reg64-mem64
  :rcx :rsp 16 mov-mem64-reg64  :rax :rsp 8 mov-mem64-reg64  :rdx :rsp 0 mov-mem64-reg64
end-code fusable

~ roll ( xn .. x1 n -- xn-1 .. x1 xn ): 1-based, 2 roll is swap; a
~ negative n is -24, one deeper than the stack -4 (check-stack-count,
~ check-stack-depth: asm/amd64.e).  The cells above xn move down one,
~ the deepest first.  The forward jump to the end is assembled aimed at
~ itself and pointed there at the end.
code roll ( xn .. x1 n -- xn-1 .. x1 xn )
  check-stack-count  0 check-stack-depth
  :rcx pop-reg64  1 :rcx cmp-reg64-imm32
  dup :le jcc-rel8  dup                      ( done outp )
  :rcx -1 :rdx lea-reg64-mem64
  :rsp :rdx 8 indexed 0 :rax mov-reg64-mem64
  dup                                        ( done loop outp )
  :rsp :rdx 8 indexed -8 :rdi mov-reg64-mem64
  :rdi :rsp :rdx 8 indexed 0 mov-mem64-reg64
  1 :rdx sub-reg64-imm32
  swap :nz jcc-rel8                          ( done outp )
  :rax :rsp 0 mov-mem64-reg64
  tuck patch-rel8 drop
end-code fusable

code 2over ( a b c d -- a b c d a b )
  :rsp 24 push-mem64  :rsp 24 push-mem64
end-code fusable

code 2swap ( a b c d -- c d a b )
  :rsp 0 :rax mov-reg64-mem64  :rsp 8 :rdx mov-reg64-mem64
  :rsp 16 :rcx mov-reg64-mem64  :rsp 24 :rdi mov-reg64-mem64
  :rdx :rsp 24 mov-mem64-reg64  :rax :rsp 16 mov-mem64-reg64
  :rdi :rsp 8 mov-mem64-reg64  :rcx :rsp 0 mov-mem64-reg64
end-code fusable

~ j ( -- n ): the index of the loop around the innermost (a loop keeps
~ index, limit and leave address on the control stack: boot/prims.c)
code j ( -- n )
  :rbp 24 push-mem64
end-code fusable fusable-frame compile-only


~ ---------------------------------------------------------------- arithmetic

code xor ( a b -- x )
  :rax pop-reg64  :rax :rsp 0 xor-mem64-reg64
end-code fusable

code abs ( n -- u )
  :rsp 0 :rax mov-reg64-mem64  :rax :rdx mov-reg64-reg64  :rdx neg-reg64
  :rax :rdx :s cmovcc-reg64-reg64            ~ -x was negative: x was positive
  :rdx :rsp 0 mov-mem64-reg64
end-code fusable

code max ( a b -- n )
  :rax pop-reg64  :rsp 0 :rdx mov-reg64-mem64  :rdx :rax cmp-reg64-reg64
  :rax :rdx :g cmovcc-reg64-reg64  :rdx :rsp 0 mov-mem64-reg64
end-code fusable

code >= ( a b -- flag )
  :rax pop-reg64  :rcx :rcx xor-reg64-reg64  :rax :rsp 0 cmp-mem64-reg64
  :cl :ge setcc-reg8  :rcx neg-reg64  :rcx :rsp 0 mov-mem64-reg64
end-code fusable :ge fusable-compare


~ ---------------------------------------------------------------- memory

code w@ ( addr -- x )
  :rsp 0 :rax mov-reg64-mem64  :rax 0 :rax movzx-reg64-mem16  :rax :rsp 0 mov-mem64-reg64
end-code fusable


~ ---------------------------------------------------------------- system calls
~ syscall-N ( a1 .. aN nr -- result ): nr on top, the first argument
~ deepest.  rsi is both the threaded-code pointer and the second
~ argument, so it waits in rbx, which the kernel preserves.  (syscall-4
~ is C's: core/core.e needs it.)

: syscall-register ( i -- reg )
  dup 0 = if drop :rdi exit then  dup 1 = if drop :rsi exit then
  dup 2 = if drop :rdx exit then  dup 3 = if drop :r10 exit then
  4 = if :r8 else :r9 then ;
: syscall-body ( outp n -- outp' )
  swap :rsi :rbx mov-reg64-reg64  :rax pop-reg64  swap
  begin dup while 1- tuck syscall-register pop-reg64 swap repeat drop
  syscall  :rbx :rsi mov-reg64-reg64  :rax push-reg64 ;

code syscall-0 ( nr -- result ) 0 syscall-body end-code fusable fusable-rsi-in-rbx
code syscall-1 ( a1 nr -- result ) 1 syscall-body end-code fusable fusable-rsi-in-rbx
code syscall-2 ( a1 a2 nr -- result ) 2 syscall-body end-code fusable fusable-rsi-in-rbx
code syscall-3 ( a1 a2 a3 nr -- result ) 3 syscall-body end-code fusable fusable-rsi-in-rbx
code syscall-5 ( a1 .. a5 nr -- result ) 5 syscall-body end-code fusable fusable-rsi-in-rbx
code syscall-6 ( a1 .. a6 nr -- result ) 6 syscall-body end-code fusable fusable-rsi-in-rbx
