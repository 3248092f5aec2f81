\ sieve.fs - the classic BYTE sieve: 8190 flags, 10,000 passes; 1899 primes.
8190 constant size
create flags size allot

: sieve-pass ( -- count )
  flags size 1 fill
  0 size 0 do
    flags i + c@ if
      i dup + 3 + dup i +
      begin dup size < while 0 over flags + c! over + repeat
      2drop 1+
    then
  loop ;

: bench ( -- count ) 0 10000 0 do drop sieve-pass loop ;

: check ( n expected -- ) over . cr <> if ." FAIL" cr abort then ;
bench 1899 check
bye
