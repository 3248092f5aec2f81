\ tests/std/count.fs - count the tests of John Hayes' tester.fs as the
\ suites run (tests/std/run.sh).  Loaded after tester.fs (gforth's
\ ttester.fs behind it), so a suite's own `require ./tester.fs` finds it
\ loaded.  Standard Forth, plus gforth's sourcefilename, so the same file
\ runs on gforth to check the figures.
\
\ A test is a T{ (or {) run: it counts for the file it is in.  It fails
\ when tester.fs reports it (ERROR-XT: "INCORRECT RESULT", "WRONG NUMBER
\ OF RESULTS"), or when an error stops the file between its T{ and its }T.
\ count-report prints a line per file: "FILE: N tests, M failed".

16 constant max-files
create file-names  max-files 128 * allot     \ counted, up to 127 chars
create file-tests  max-files cells allot
create file-fails  max-files cells allot
variable n-files  0 n-files !
variable this-file  0 this-file !            \ the file of the newest test
variable open-test  0 open-test !            \ it has not reached }T

: file-name ( i -- c-addr ) 128 * file-names + ;
: tests ( i -- addr ) cells file-tests + ;
: fails ( i -- addr ) cells file-fails + ;
: add-file ( addr len -- i )
  127 min n-files @ file-name  2dup c!  1+ swap move
  0 n-files @ tests !  0 n-files @ fails !  1 n-files +!  n-files @ 1- ;
: file-index ( -- i )
  sourcefilename
  n-files @ 0 ?do 2dup i file-name count compare 0= if 2drop i unloop exit then loop
  n-files @ max-files = if 2drop max-files 1- exit then
  add-file ;
: fail-open ( -- ) open-test @ if 1 this-file @ fails +! 0 open-test ! then ;

: T{ ( -- ) fail-open  file-index dup this-file !  1 swap tests +!  -1 open-test !  T{ ;
: }T ( ... -- ) }T  0 open-test ! ;
: { ( -- ) T{ ;
: } ( ... -- ) }T ;
: count-error ( addr len -- ) fail-open ERROR1 ;
' count-error ERROR-XT !

: count-report ( -- )
  fail-open  base @ >r decimal
  n-files @ 0 ?do
    ." hayes: " i file-name count type ." : " i tests @ 0 .r ."  tests, "
    i fails @ 0 .r ."  failed" cr
  loop  r> base ! ;
