#!/usr/bin/env bats
# Running incant: scripts, exit statuses, shebang, -e, `-`, arguments,
# include/require, output through a pipe, command-line options.

load helper

# ---- exit statuses -------------------------------------------------------

@test "a script that runs to its end exits with status 0" {
  put ok.e $'1 2 + . newline\n'
  in_tmp
  run incant ok.e
  ok_output '3 '
}

@test "an uncaught error in a script exits 1 with file:line:col on stderr" {
  put err.e $'1 . newline\n\n   oops 2 .\n'
  in_tmp
  run --separate-stderr incant err.e
  assert_status 1
  assert_output '1 '
  assert_stderr 'err.e:3:4: error -13: undefined word: oops'
}

@test "a script stops at its first error" {
  put err.e $'1 . newline\nfoo\n2 . newline\n'
  in_tmp
  run --separate-stderr incant err.e
  assert_status 1
  assert_output '1 '
}

@test "an error in a script shows the backtrace with the script's lines" {
  put bt.e $': inner ( -- ) 1 0 / ;\n: outer inner ;\n\nouter\n'
  in_tmp
  run --separate-stderr incant bt.e
  assert_status 1
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'bt.e:4:1: error -10: division by zero\n  in /%\n  in / (core/core.e:N)\n  in inner (bt.e:1)\n  in outer (bt.e:2)'
}

@test "a script that cannot be read exits 2 with a clear message" {
  in_tmp
  run --separate-stderr incant nosuch.e
  assert_status 2
  assert_output ''
  assert_stderr 'incant: error -38: cannot open file: nosuch.e: no such file or directory'
}

@test "a directory given as the script exits 2 with a clear message" {
  mkdir -p "$BATS_TEST_TMPDIR/adir"
  in_tmp
  run --separate-stderr incant adir
  assert_status 2
  assert_stderr 'incant: error -38: cannot open file: adir: is a directory'
}

@test "sys-exit ends a script with the given status" {
  put ex.e $'." before" 3 sys-exit\n." after"\n'
  in_tmp
  run incant ex.e
  assert_status 3
  assert_output 'before'
}

@test "sys-exit 0 in the middle of a script exits 0" {
  run_e '." a" 0 sys-exit ." b"'
  ok_output 'a'
}

@test "bye in a script exits 0 and runs nothing after it" {
  put bye.e $'1 . bye\n2 .\n'
  in_tmp
  run incant bye.e
  ok_output '1 '
}

@test "an uncaught error in -e exits 1" {
  run --separate-stderr incant -e '1 . foo'
  assert_status 1
  assert_output '1 '
  assert_stderr '-e:1:5: error -13: undefined word: foo'
}

# ---- shebang ---------------------------------------------------------------

@test "a script with a #! line naming incant runs directly" {
  put hello.e "#!$INCANT"$'\n." hello " 1 argv emitstring newline\n'
  chmod +x "$BATS_TEST_TMPDIR/hello.e"
  run "$BATS_TEST_TMPDIR/hello.e" world
  ok_output 'hello world'
}

@test "a #!/usr/bin/env incant script runs when incant is on PATH" {
  mkdir -p "$BATS_TEST_TMPDIR/bin"
  ln -s "$INCANT" "$BATS_TEST_TMPDIR/bin/incant"
  put env.e $'#!/usr/bin/env incant\n." via env" newline\n'
  chmod +x "$BATS_TEST_TMPDIR/env.e"
  PATH="$BATS_TEST_TMPDIR/bin:$PATH" run "$BATS_TEST_TMPDIR/env.e"
  ok_output 'via env'
}

@test "a shebang script's exit status is the script's" {
  put fail.e "#!$INCANT"$'\n5 sys-exit\n'
  chmod +x "$BATS_TEST_TMPDIR/fail.e"
  run "$BATS_TEST_TMPDIR/fail.e"
  assert_status 5
}

@test "only a first line starting with #! is ignored" {
  put late.e $'1 . newline\n#! x\n'
  in_tmp
  run --separate-stderr incant late.e
  assert_status 1
  assert_output '1 '
  assert_stderr 'late.e:2:1: error -13: undefined word: #!'
}

# ---- arguments -----------------------------------------------------------------

@test "argc counts the script name and its arguments" {
  put args.e $'argc . newline\n'
  in_tmp
  run incant args.e a bb ccc
  ok_output '4 '
}

@test "argv 0 is the script name and argv n the nth argument" {
  put args.e $'0 argv emitstring space 1 argv emitstring space 2 argv emitstring newline\n'
  in_tmp
  run incant args.e x yy
  ok_output 'args.e x yy'
}

@test "argv beyond the last argument gives 0" {
  put args.e $'2 argv . 9 argv . newline\n'
  in_tmp
  run incant args.e only
  ok_output '0 0 '
}

@test "options after the script name belong to the script" {
  put args.e $'argc . 1 argv emitstring space 2 argv emitstring newline\n'
  in_tmp
  run incant args.e --help -e
  ok_output '3 --help -e'
}

@test "with no script, argc is 1" {
  run_e 'argc . newline'
  ok_output '1 '
}

# ---- -e ----------------------------------------------------------------------------

@test "-e options run in order" {
  run_e '1 . ' '2 . ' '3 . newline'
  ok_output '1 2 3 '
}

@test "-e options share the stack and the dictionary" {
  run_e '20 : sq dup * ;' '1+ sq . newline'
  ok_output '441 '
}

@test "-e runs before the script, which still gets its arguments" {
  put s.e $'." script " argc . 1 argv emitstring newline\n'
  in_tmp
  run incant -e '." e1 "' -e '." e2 "' s.e arg
  ok_output 'e1 e2 script 2 arg'
}

@test "words defined by -e are visible to the script" {
  put s.e $'6 sq . newline\n'
  in_tmp
  run incant -e ': sq dup * ;' s.e
  ok_output '36 '
}

@test "an error in -e stops before the script runs" {
  put s.e $'." script ran" newline\n'
  in_tmp
  run --separate-stderr incant -e 'foo' s.e
  assert_status 1
  assert_output ''
  assert_stderr '-e:1:1: error -13: undefined word: foo'
}

@test "bye in -e ends the process before later -e options" {
  run_e '2 .' 'bye' '3 .'
  ok_output '2 '
}

@test "-e without code is a usage error with status 2" {
  run --separate-stderr incant -e
  assert_status 2
  assert_stderr 'incant: -e needs an argument (try --help)'
}

# ---- - : stdin as a script ----------------------------------------------------

@test "- runs stdin as a script" {
  run incant_in $': f 1 . ;\nf newline\n' -
  ok_output '1 '
}

@test "- stops at the first error with status 1" {
  run --separate-stderr incant_in $'1 . newline\nfoo\n2 . newline\n' -
  assert_status 1
  assert_output '1 '
  assert_stderr '<stdin>:2:1: error -13: undefined word: foo'
}

@test "- passes the remaining arguments, argv 0 being -" {
  run incant_in $'argc . 0 argv emitstring space 1 argv emitstring space 2 argv emitstring newline\n' - x y
  ok_output '3 - x y'
}

@test "- ignores a #! first line" {
  run incant_in $'#!/whatever\n1 . newline\n' -
  ok_output '1 '
}

# ---- include and require --------------------------------------------------------

@test "include loads a file relative to the including file" {
  put sub/lib.e $': lib-word 42 ;\n'
  put sub/main.e $'include lib.e\nlib-word . newline\n'
  in_tmp
  run incant sub/main.e
  ok_output '42 '
}

@test "include falls back to the current directory" {
  put helper.e $'." cwd-helper" newline\n'
  put sub/main.e $'include helper.e\n'
  in_tmp
  run incant sub/main.e
  ok_output 'cwd-helper'
}

@test "include prefers the including file's directory to the current one" {
  put helper.e $'." cwd" newline\n'
  put sub/helper.e $'." sub" newline\n'
  put sub/main.e $'include helper.e\n'
  in_tmp
  run incant sub/main.e
  ok_output 'sub'
}

@test "include from -e looks in the current directory" {
  put lib.e $'." loaded" newline\n'
  in_tmp
  run_e 'include lib.e'
  ok_output 'loaded'
}

@test "include nests: an included file includes a file next to it" {
  put a/one.e $'include two.e\n." one " newline\n'
  put a/two.e $'." two "\n'
  in_tmp
  run_e 'include a/one.e'
  ok_output 'two one '
}

@test "a file that includes itself is an error that says so, and the REPL goes on" {
  put loop.e $'include loop.e\n'
  in_tmp
  run --separate-stderr incant -e 'include loop.e'
  assert_status 1
  [[ "$stderr" == "loop.e:1:9: error -38: cannot open file: loop.e: sources nested 64 deep (an include loop?)"* ]]
  run bash -c "printf 'include loop.e\n1 2 + .\n' | '$INCANT' 2>/dev/null"
  ok_output '3 '
}

@test "include loads a file each time" {
  put lib.e $'." loaded "\n'
  in_tmp
  run_e 'include lib.e include lib.e newline'
  ok_output 'loaded loaded '
}

@test "require loads a file only once" {
  put lib.e $'." loaded "\n'
  put main.e $'require lib.e\nrequire lib.e\nnewline\n'
  in_tmp
  run incant main.e
  ok_output 'loaded '
}

@test "require skips a file already loaded by include" {
  put lib.e $'." loaded "\n'
  in_tmp
  run_e 'include lib.e require lib.e newline'
  ok_output 'loaded '
}

@test "require knows a file loaded under another path" {
  put lib.e $'." loaded "\n'
  put x/m.e $'require ../lib.e\n'
  in_tmp
  run_e 'require lib.e require ./lib.e include x/m.e newline'
  ok_output 'loaded '
}

@test "require loads two different files" {
  put a.e $'." a "\n'
  put b.e $'." b "\n'
  in_tmp
  run_e 'require a.e require b.e require a.e newline'
  ok_output 'a b '
}

# a directory whose path is longer than 1 KiB (six names of 200 bytes),
# well within PATH_MAX
long_dir() { printf 'd%.0s' {1..200} | sed 's/.*/&\/&\/&\/&\/&\/&/'; }

@test "include finds the file beside the including one when their path is over 1 KiB long" {
  # text.c made the name beside the includer in 1 KiB and, when it did not
  # fit, opened the name from the current directory instead: another file
  local d; d=$(long_dir)
  put "$d/main.e" $'include lib.e\n'
  put "$d/lib.e" $'." beside" newline\n'
  put lib.e $'." the wrong file" newline\n'
  in_tmp
  run incant "$d/main.e"
  ok_output 'beside'
}

@test "require tells apart two files whose full names share their first 1 KiB" {
  # text.c kept the canonical name of a file in 1 KiB: cut there, the
  # names of a.e and b.e were the same, and require skipped b.e
  local d; d=$(long_dir)
  put "$d/main.e" $'require a.e\nrequire b.e\nrequire a.e\nnewline\n'
  put "$d/a.e" $'." a "\n'
  put "$d/b.e" $'." b "\n'
  in_tmp
  run incant "$d/main.e"
  ok_output 'a b '
}

@test "require loads a file once however many files were loaded before" {
  # text.c noted the first 256 files only: from the 257th on, require
  # loaded a file again each time
  in_tmp
  for i in $(seq 300); do printf ': w%d ;\n' "$i" > "f$i.e"; echo "require f$i.e"; done > main.e
  printf 'require f300.e\nrequire f1.e\n." done" newline\n' >> main.e
  run --separate-stderr incant main.e
  assert_status 0
  assert_output 'done'
  assert_stderr ''
}

@test "include beside a file whose name leaves no room under PATH_MAX is an error, not the current directory's file" {
  # the includer's directory (3899 bytes) and the name (250) make more
  # than the kernel's 4096
  local d n; d=$(long_dir)/$(long_dir)/$(long_dir)/$(printf 'd%.0s' {1..200})/$(printf 'd%.0s' {1..80})
  n=$(printf 'n%.0s' {1..248}).e
  put "$d/m.e" "include $n"
  put "$n" $'." the wrong file" newline\n'
  in_tmp
  run --separate-stderr incant "$d/m.e"
  assert_status 1
  assert_output ''
  [[ "$stderr" == *": error -38: cannot open file: $n: file name too long" ]]
}

@test "include of a missing file is error -38 naming the file" {
  put main.e $'1 . newline\ninclude nope.e\n2 .\n'
  in_tmp
  run --separate-stderr incant main.e
  assert_status 1
  assert_output '1 '
  assert_stderr 'main.e:2:9: error -38: cannot open file: nope.e: no such file or directory'
}

@test "require of a missing file is error -38 naming the file" {
  put main.e $'require nope.e\n'
  in_tmp
  run --separate-stderr incant main.e
  assert_status 1
  assert_stderr 'main.e:1:9: error -38: cannot open file: nope.e: no such file or directory'
}

@test "an error inside an included file names that file and line" {
  put lib.e $'1 . newline\n\n  nosuchword\n'
  put main.e $'include lib.e\n2 . newline\n'
  in_tmp
  run --separate-stderr incant main.e
  assert_status 1
  assert_output '1 '
  assert_stderr $'lib.e:3:3: error -13: undefined word: nosuchword\n  included from main.e:1'
}

@test "a backtrace names the file each word was defined in" {
  put sub/bad.e $': inner ( -- ) 1 0 / ;\n: outer inner ;\n'
  put sub/use.e $'~ main\ninclude bad.e\n\n  outer\n'
  in_tmp
  run --separate-stderr incant sub/use.e
  assert_status 1
  stderr=$(printf '%s' "$stderr" | core_lines)
  assert_stderr $'sub/use.e:4:3: error -10: division by zero\n  in /%\n  in / (core/core.e:N)\n  in inner (sub/bad.e:1)\n  in outer (sub/bad.e:2)'
}

# ---- output through a pipe --------------------------------------------------------

@test "100000 lines printed into a pipe all arrive" {
  run bash -c '"$INCANT" -e ": f 100000 0 do i . newline loop ; f" | wc -l'
  ok_output '100000'
}

@test "the last of 100000 lines printed into a pipe is complete" {
  run bash -c '"$INCANT" -e ": f 100000 0 do i . newline loop ; f" | tail -n 1'
  ok_output '99999 '
}

@test "output is complete when sys-exit ends the process" {
  run bash -c '"$INCANT" -e ": f 100000 0 do i . newline loop ; f 3 sys-exit" | wc -l'
  ok_output '100000'
}

@test "output is complete when an error ends the process" {
  run bash -c '"$INCANT" -e ": f 100000 0 do i . newline loop ; f foo" 2>/dev/null | wc -l'
  ok_output '100000'
}

@test "output is complete when the piped REPL reaches end of input" {
  run bash -c 'echo ": f 100000 0 do i . newline loop ; f" | "$INCANT" | wc -l'
  ok_output '100000'
}

@test "output printed before an error comes first when both go to one file" {
  in_tmp
  "$INCANT" -e '." a" newline foo' > both.txt 2>&1 || true
  run cat both.txt
  ok_output $'a\n-e:1:15: error -13: undefined word: foo'
}

@test "output without a final newline is still written at exit" {
  run_e '." no newline"'
  ok_output 'no newline'
}

# ---- options ------------------------------------------------------------------------

@test "--help prints usage on stdout and exits 0" {
  run --separate-stderr incant --help
  assert_status 0
  [ "${lines[0]}" = 'usage: incant [options] [script [args...]]' ]
  [[ "$output" == *'-e CODE'* ]]
  assert_stderr ''
}

@test "-h is --help" {
  run incant -h
  assert_status 0
  [ "${lines[0]}" = 'usage: incant [options] [script [args...]]' ]
}

@test "--version prints the name and version and exits 0" {
  run --separate-stderr incant --version
  assert_status 0
  [[ "$output" =~ ^incant\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
  assert_stderr ''
}

@test "an unknown long option exits 2 with a message on stderr" {
  run --separate-stderr incant --bogus
  assert_status 2
  assert_output ''
  assert_stderr 'incant: unknown option --bogus (try --help)'
}

@test "an unknown short option exits 2" {
  run --separate-stderr incant -x
  assert_status 2
  assert_stderr 'incant: unknown option -x (try --help)'
}

@test "incant works from any directory (the prelude is built in)" {
  cd /
  run "$INCANT" -e '1 2 + . newline'
  ok_output '3 '
}
