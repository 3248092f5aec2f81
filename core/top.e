~ core/top.e - the top level: the REPL, scripts, -e, and `main`, which the
~ bootstrap runs once the prelude is loaded.

~ The REPL: read a line, interpret it; an error prints its report, the
~ stacks are reset, and reading goes on.
~ After a line: " ok", or " compiled" (gforth's word) when a definition
~ goes on; on a pipe (-i) the latter stays silent, as it always was.
: ok ( -- )
  state @ if line-editing? if ."  compiled" then else ."  ok" then newline ;
: reset-stacks ( -- ) 0 state ! 0 colon-sp ! sp0 sp! ;
~ A stray store can wreck the interpreter's own variables, which lie
~ together (`here 5000 erase`, in the dialect where here is a variable):
~ after an error, if `here` has left the log, they all get back what they
~ held when the line began; a base out of 2..36 becomes 10.
variable line-here  variable line-latest  variable line-base
variable line-optimizing  variable line-warnings
: remember-line ( -- )
  here @ line-here !  latest @ line-latest !  base @ line-base !
  superinstructions @ line-optimizing !  warnings @ line-warnings ! ;
: in-log? ( addr -- flag ) log-start log-end within ;
: repair-variables ( -- )
  here @ in-log? 0= if
    line-here @ here !  line-latest @ latest !  line-base @ base !
    line-optimizing @ superinstructions !  line-warnings @ warnings !
  then
  base @ 2 37 within 0= if 10 base ! then ;
: repl-line ( -- )
  remember-line
  ['] interpret catch ?dup if
    dup -56 = if drop else report-error then  repair-variables reset-stacks
  else
    interactive? if ok then
  then
  depth 0< if -4 report-error reset-stacks then ;
~ ( code -- ) reading the next line failed: Ctrl-C while the REPL waits
~ discards the line; anything else is reported
: read-failed ( code -- )
  dup -28 = if drop >error ." interrupted" newline >output else report-error then
  reset-stacks ;
~ ( -- more? ) read a line and interpret it; false at the end of input
: repl-step ( -- flag )
  ['] refill catch ?dup if read-failed true exit then
  dup if drop repl-line true then ;
: repl-lines ( -- ) begin repl-step while repeat bye ;
~ An error can land in the REPL's own words, between its catches (a
~ handler that throws, at any moment, or a store that wiped `handler`):
~ core/core.e's no-catch reports it, resets everything and comes back to
~ repl-again, which repairs the variables and reads on.
: repl-again ( -- ) repair-variables repl-lines ;
: repl ( -- ) stdin-source ['] repl-again quit-xt ! repl-lines ;
quiet

~ Run some source to its end; an error ends the process with status 1,
~ and quit goes on as the REPL does, reading standard input.
: run-or-exit ( xt -- )
  catch ?dup if
    dup -56 = if drop reset-stacks repl bye then
    report-error 1 sys-exit
  then ; quiet
: run-e ( -- )
  begin next-e while
    s" -e" string-source ['] interpret run-or-exit pop-source
  repeat ; quiet
: run-script ( str -- )
  ['] open-source catch ?dup if report-error 2 sys-exit then
  ['] interpret run-or-exit pop-source ; quiet

: banner ( -- ) ." incant -- a Forth for x86-64 Linux.  `bye` or Ctrl-D leaves." newline ;
~ ( -- ) the -e code, then the script or the REPL
: run-program ( -- )
  run-e
  script ?dup if run-script bye then
  interactive? if banner then
  repl ; quiet
: main ( -- )
  install-fault-handlers
  script if install-script-interrupt else install-interrupt-handler then
  profile-option if ['] run-program profile else run-program then
  bye ; quiet
