~ core/glue.e - the process as the language sees it: the script's
~ arguments, the environment, the -e options, the command line's flags
~ and the embedded word reference.  Start-up (boot/prims.c,
~ prims_refresh_helpers) puts what it found in cells of the global block
~ at every start; these words read them.

: argc ( -- n ) script-argc-cell @ ;
: argv ( n -- str | 0 )
  dup 0 argc within if cells script-argv-cell @ + @ else drop 0 then ;
: envp ( -- addr ) envp-cell @ ;

~ ( -- addr len true | false ) the next -e option's code, in order
: next-e
  e-taken-cell @ e-count-cell @ = if false exit then
  e-taken-cell @ cells e-code-cell @ + @  dup strlen  true
  1 e-taken-cell +! ;

: script ( -- str | 0 ) script-cell @ ;
: interactive? ( -- flag ) interactive-cell @ 0<> ;
: profile-option ( -- flag ) profile-option-cell @ 0<> ;
: word-reference ( -- addr len ) reference-start-cell @ reference-length-cell @ ;
