~ sigrt.e - signal round trip with the handler in Forth: SIGUSR1 raised
~ `rounds` times (define it first: incant -e '200000 constant rounds' sigrt.e),
~ the handler counts.  Prints the count and checks it.
variable hits
: on-usr1 ( -- ) 1 hits +! ;
' on-usr1 entry-to-execution-token wrap-signal-handler SIGUSR1 bind-signal
: send ( n -- ) 0 ?do SIGUSR1 raise loop ;

: check ( n expected -- ) over . cr <> if ." FAIL" cr 1 sys-exit then ;
rounds send  hits @ rounds check
bye
