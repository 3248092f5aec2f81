\ fib.fs - doubly recursive fib 37 = 24157817.
: fib ( n -- f ) dup 2 < if exit then dup 1- recurse swap 2 - recurse + ;

: check ( n expected -- ) over . cr <> if ." FAIL" cr abort then ;
37 fib 24157817 check
bye
