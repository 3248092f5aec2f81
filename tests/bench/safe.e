~ safe.e - what a successful safe@ costs against @: sums one cell read
~ `rounds` times, with @ or with safe@ (define both first:
~ incant -e '10000000 constant rounds  1 constant guarded' safe.e).
~ Prints the sum and checks it.
variable the-cell  3 the-cell !
: plain ( n -- sum ) 0 swap 0 ?do the-cell @ + loop ;
: guarded-sum ( n -- sum ) 0 swap 0 ?do the-cell safe@ drop + loop ;
: run ( -- sum ) rounds guarded if guarded-sum else plain then ;

: check ( n expected -- ) over . cr <> if ." FAIL" cr 1 sys-exit then ;
run rounds 3 * check
bye
