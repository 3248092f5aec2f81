#!/usr/bin/env bats
# The line editor: incant at a terminal (a tmux window), keys in, the
# screen and what the interpreter did out.  See tests/tty.bash.

load helper
load tty

setup() { tty_start; }
teardown() { tty_stop; }

@test "typed text runs as a line: the REPL answers ok" {
  incant_start
  line '1 2 + .'
  wait_screen '^1 2 \+ \.$'
  wait_screen '^3  ok$'
}

@test "Left moves the cursor back and typing inserts there" {
  incant_start
  type_text '1 2'
  keys Left Left
  type_text '9'
  wait_screen '^19 2$'
  keys End
  type_text ' + .'
  enter
  wait_screen '^21  ok$'
}

@test "Right, Ctrl-B and Ctrl-F move by one character" {
  incant_start
  type_text '1 3'
  keys C-b C-b C-b Right
  type_text ' 2'
  wait_screen '^1 2 3$'
  keys C-f C-f C-f
  type_text ' + + .'
  wait_screen '^1 2 3 \+ \+ \.$'
  enter
  wait_screen '^6  ok$'
}

@test "Home and End, in all the forms terminals send, and Ctrl-A / Ctrl-E" {
  incant_start
  type_text '2'
  local home end
  for home in $'\e[H' $'\eOH' $'\e[1~' $'\e[7~'; do
    type_text "$home"
    type_text '1'
    keys End
  done
  wait_screen '^11112$'
  for end in $'\e[F' $'\eOF' $'\e[4~' $'\e[8~'; do
    keys Home
    type_text "$end"
    type_text '0'
  done
  wait_screen '^111120000$'
  keys C-a
  type_text '.'
  keys C-e
  type_text ' .'
  wait_screen '^\.111120000 \.$'
  keys Home
  keys Delete
  keys C-e
  enter
  wait_screen '^111120000  ok$'
}

@test "Alt-B and Alt-F (and Ctrl-Left, Ctrl-Right) move by words separated by white space" {
  incant_start
  type_text '10 20 30'
  keys M-b M-b
  type_text '+'
  wait_screen '^10 \+20 30$'
  keys M-b M-b
  type_text '1'
  keys M-f M-f
  type_text '2'
  wait_screen '^110 \+202 30$'
  keys C-Left C-Left
  type_text '3'
  keys C-Right C-Right
  type_text '4'
  wait_screen '^3110 \+2024 30$'
}

@test "Backspace (DEL and Ctrl-H) deletes before the cursor, Delete and Ctrl-D under it" {
  incant_start
  type_text '12345 .'
  keys Left Left BSpace C-h
  wait_screen '^123 \.$'
  keys Home Delete C-d
  wait_screen '^3 \.$'
  enter
  wait_screen '^3  ok$'
}

@test "Ctrl-K kills to the end, Ctrl-U to the start, Ctrl-W the word before; Ctrl-Y yanks" {
  incant_start
  type_text '1 2 3 4 5'
  keys Left Left Left C-k
  wait_screen '^1 2 3$'
  keys Left Left Left Left C-u
  wait_screen '^2 3$'
  keys End
  type_text '7 8 9'
  keys C-w
  wait_screen '^2 3 7 8$'
  keys C-y
  wait_screen '^2 3 7 8 9$'
  type_text ' + + + + .'
  enter
  wait_screen '^29  ok$'
}

@test "unknown escape sequences and Alt keys are consumed whole, never typed" {
  incant_start
  type_text '1'
  local seq
  for seq in $'\e[15~' $'\e[1;2P' $'\eOP' $'\ex' $'\e[200~' $'\e[?1;2c'; do
    type_text "$seq"
  done
  keys F5 F12 Insert PPage
  type_text ' .'
  wait_screen '^1 \.$'
  enter
  wait_screen '^1  ok$'
}

@test "Ctrl-L clears the screen and draws the line again at the top" {
  incant_start
  line '." first" newline'
  type_text '2 .'
  keys C-l
  poll screen_lacks 'first'
  wait_screen '^2 \.$'
  [ "$(screen | head -1)" = '2 .' ]
  enter
  wait_screen '^2  ok$'
}

@test "Up and Down (Ctrl-P, Ctrl-N) walk the history; Down past the newest gives the line being typed back" {
  incant_start
  line '1 .'
  line '2 .'
  type_text 'draft'
  keys Up
  wait_screen '^2 \.$'
  keys Up
  wait_screen '^1 \.$'
  keys Up
  wait_screen '^1 \.$'
  keys Down
  wait_screen '^2 \.$'
  keys Down
  wait_screen '^draft$'
  keys C-u C-p C-p
  wait_screen '^1 \.$'
  keys C-n
  wait_screen '^2 \.$'
  keys Up
  wait_screen '^1 \.$'
  keys C-a
  type_text '1'
  enter
  wait_screen '^11  ok$'
}

@test "Ctrl-R searches the history backwards as you type; Enter runs the match" {
  incant_start
  line '100 .'
  line '200 .'
  line '300 .'
  keys C-r
  wait_screen '^\(reverse-i-search\)`'"'"':$'
  type_text '0'
  wait_screen '^\(reverse-i-search\)`0'"'"': 300 \.$'
  keys C-r
  wait_screen '^\(reverse-i-search\)`0'"'"': 200 \.$'
  type_text '0 '
  wait_screen '^\(reverse-i-search\)`00 '"'"': 200 \.$'
  keys C-r
  wait_screen '^\(reverse-i-search\)`00 '"'"': 100 \.$'
  keys C-r
  wait_screen '^\(failed reverse-i-search\)`00 '"'"': 100 \.$'
  enter
  wait_screen '^100  ok$'
}

@test "Ctrl-R does not find text past the 64 KiB a line holds, in a longer history entry" {
  # a hand-made history line longer than the editor's buffer: the match
  # lay past the part of it shown, and the cursor put there made Backspace
  # move memory by a length that went below zero (edit.c): the REPL died
  { printf ' %.0s' {1..70000}; printf 'xyzzy\n'; } > "$TTY_HOME/.incant_history"
  incant_start
  keys C-r
  type_text 'xyzzy'
  wait_screen '^\(failed reverse-i-search\)`xyzzy'"'"':'
  keys Left BSpace C-c
  line '1 2 + .'
  wait_screen '^3  ok$'
}

@test "Ctrl-R: Ctrl-G and Esc give the line back as it was; another key edits the match" {
  incant_start
  line '7 .'
  type_text '1 2 + .'
  keys C-r
  type_text '7'
  wait_screen '`7'"'"': 7 \.$'
  keys C-g
  wait_screen '^1 2 \+ \.$'
  keys C-r
  type_text '7'
  wait_screen '`7'"'"': 7 \.$'
  keys Escape
  wait_screen '^1 2 \+ \.$'
  keys C-r
  type_text '7'
  wait_screen '`7'"'"': 7 \.$'
  keys End
  type_text ' 8 .'
  wait_screen '^7 \. 8 \.$'
  enter
  wait_screen '^7 8  ok$'
}

@test "Ctrl-C drops the line, shows ^C, and the REPL goes on with a fresh line" {
  incant_start
  type_text '1 2 3'
  keys C-c
  wait_screen '^1 2 3\^C$'
  line 'depth .'
  wait_screen '^0  ok$'
  bye_and_wait
}

@test "Ctrl-D on an empty line ends the REPL with status 0 and the terminal as it was" {
  incant_start
  keys C-d
  wait_screen '^\$$'
  wait_cooked
  type_text 'echo "status=$?"'
  keys Enter
  wait_screen '^status=0$'
}

# incant_pid: the pid of the incant the shell runs, as it prints it.
incant_pid() {
  line 'sys-getpid .'
  screen | grep -Eo '^[0-9]+  ok$' | tail -1 | tr -dc 0-9
}

@test "bye leaves the terminal as it was" {
  incant_start
  line '1 .'
  type_text 'bye'
  keys Enter
  wait_screen '^\$$'
  wait_cooked
}

@test "user code runs with the terminal in its usual mode, not raw" {
  incant_start
  local pid
  pid=$(incant_pid)
  type_text 'SYS_pause syscall-0 drop'
  keys Enter
  poll is_cooked
  kill -INT "$pid"
  wait_screen '^<stdin>:[0-9]+:[0-9]+: error -28: interrupted'
  wait_raw
  line '8 .'
  wait_screen '^8  ok$'
}

@test "an error report is printed in the usual mode: each line from the first column" {
  incant_start
  line ': f 0 @ ;'
  type_text 'f'
  keys Enter
  wait_screen '^<stdin>:2:1: error -9: invalid memory address: SIGSEGV at 0x0$'
  wait_screen '^  in @$'
  wait_screen '^  in f \(<stdin>:1\)$'
  wait_raw
  line_then 'nonsense' '^<stdin>:3:1: error -13: undefined word: nonsense$'
  line '5 .'
  wait_screen '^5  ok$'
  type_text 'bye'
  keys Enter
  wait_cooked
}

@test "SIGTERM while a line is edited: incant exits 143 and the terminal is as it was" {
  incant_start
  local pid
  pid=$(incant_pid)
  [ -n "$pid" ]
  type_text '1 2'
  wait_screen '1 2$'
  kill -TERM "$pid"
  wait_screen '^\$$'
  wait_cooked
  type_text 'echo "status=$?"'
  keys Enter
  wait_screen '^status=143$'
}

@test "SIGINT while a line is edited: the report is not a staircase, the terminal ends as it was" {
  incant_start
  local pid
  pid=$(incant_pid)
  [ -n "$pid" ]
  type_text '1 2'
  wait_screen '1 2$'
  kill -INT "$pid"
  wait_screen '^interrupted$'
  no_staircase
  wait_raw
  line '4 .'
  wait_screen '^4  ok$'
  type_text 'bye'
  keys Enter
  wait_cooked
  wait_screen '^\$$'
}

@test "Ctrl-Z stops incant with the terminal as it was; fg brings the line back to edit" {
  incant_start
  type_text '1 3 + .'
  keys Left Left Left Left C-z
  wait_screen 'Stopped'
  wait_cooked
  type_text 'fg'
  keys Enter
  wait_raw
  wait_screen '^1 3 \+ \.$'
  keys BSpace
  type_text '2'
  enter
  wait_screen '^3  ok$'
  type_text 'bye'
  keys Enter
  wait_cooked
}

# ---- completion ----

@test "Tab completes the only word that fits, with a space after it" {
  incant_start
  line ': zebra-stripes ( -- ) 42 . ;'
  type_text 'zebra-s'
  keys Tab
  wait_screen '^zebra-stripes$'
  type_text 'zebra'
  keys Tab
  wait_screen '^zebra-stripes zebra-stripes$'
  type_text '.'
  wait_screen '^zebra-stripes zebra-stripes \.$'
  keys BSpace
  enter
  wait_screen '^42 42  ok$'
}

@test "Tab with several words completes what they share; a second Tab lists them below" {
  incant_start
  line ': zz-apple ; : zz-apricot ; : zz-banana ;'
  type_text '1 zz'
  keys Tab
  wait_screen '^1 zz-$'
  keys Tab
  wait_screen '^zz-apple +zz-apricot +zz-banana$'
  wait_screen '^1 zz-$'
  type_text 'a'
  keys Tab
  wait_screen '^1 zz-ap$'
  type_text 'r'
  keys Tab
  type_text '.'
  wait_screen '^1 zz-apricot \.$'
  enter
  wait_screen '^1  ok$'
}

@test "Tab offers only words a user can find: hidden ones are left out" {
  incant_start
  line ': spam-visible ; : spam-secret ; hide-word spam-secret'
  type_text 'spam-'
  keys Tab
  type_text '|'
  wait_screen '^spam-visible \|$'
}

@test "Tab after include or require completes file names; a directory gets a slash" {
  mkdir -p "$BATS_TEST_TMPDIR/work/lib-dir"
  printf '11 .\n' > "$BATS_TEST_TMPDIR/work/lib-dir/hello.e"
  printf '22 .\n' > "$BATS_TEST_TMPDIR/work/library.e"
  type_text "cd $BATS_TEST_TMPDIR/work"
  keys Enter
  incant_start
  type_text 'include lib'
  keys Tab
  wait_screen '^include lib$'
  keys Tab
  wait_screen '^lib-dir/ +library\.e$'
  type_text '-'
  keys Tab
  wait_screen '^include lib-dir/$'
  keys Tab
  type_text '|'
  wait_screen '^include lib-dir/hello\.e \|$'
  keys BSpace
  enter
  wait_screen '^11  ok$'
  type_text 'require libr'
  keys Tab
  type_text '|'
  wait_screen '^require library\.e \|$'
  keys BSpace
  enter
  wait_screen '^22  ok$'
}

# ---- history ----

# bye_and_wait: leave incant with bye and wait for the shell.
bye_and_wait() {
  type_text 'bye'
  keys Enter
  wait_cooked
  wait_screen '^\$$'
}

@test "history is kept across sessions in ~/.incant_history" {
  incant_start
  line '11 .'
  line '22 .'
  bye_and_wait
  tty_clear
  incant_start
  keys Up
  wait_screen '^bye$'
  keys Up
  wait_screen '^22 \.$'
  keys Up
  wait_screen '^11 \.$'
  enter
  wait_screen '^11  ok$'
  bye_and_wait
  run cat "$TTY_HOME/.incant_history"
  assert_output $'11 .\n22 .\nbye\n11 .\nbye'
}

@test "history that cannot be written is said once on stderr, and the REPL goes on" {
  mkdir "$TTY_HOME/.incant_history"   # a directory: EISDIR
  incant_start
  line '11 .'
  line '22 .'
  line '33 .'
  wait_screen '^33  ok$'
  # the path is long: join the rows it wraps over
  run bash -c "tmux -S '$TTY_SOCK' capture-pane -p -J -t '$TTY_T' | grep 'cannot keep history'"
  assert_output "incant: cannot keep history in $TTY_HOME/.incant_history: EISDIR (is a directory)"
}

@test "history leaves out empty lines and repeats of the line before" {
  incant_start
  line '5 .'
  line '5 .'
  line ''
  line '   '
  line '6 .'
  line '5 .'
  bye_and_wait
  run cat "$TTY_HOME/.incant_history"
  assert_output $'5 .\n6 .\n5 .\nbye'
}

@test "with XDG_STATE_HOME set, history lives in \$XDG_STATE_HOME/incant/history" {
  INCANT_ENV="XDG_STATE_HOME=$BATS_TEST_TMPDIR/state" incant_start
  line '33 .'
  bye_and_wait
  run cat "$BATS_TEST_TMPDIR/state/incant/history"
  assert_output $'33 .\nbye'
  [ ! -e "$TTY_HOME/.incant_history" ]
}

@test "history lives in \$XDG_STATE_HOME/incant/history when that path is over 1 KiB long" {
  # history.c made the name in 1 KiB: cut, it named a directory made from
  # a cut-off part of the path, and no history was kept
  local long; long=$(printf 'd%.0s' {1..200})
  local state="$BATS_TEST_TMPDIR/state/$long/$long/$long/$long/$long/$long"
  mkdir -p "$state"
  INCANT_ENV="XDG_STATE_HOME=$state" incant_start
  line '33 .'
  bye_and_wait
  run cat "$state/incant/history"
  assert_output $'33 .\nbye'
  [ "$(ls "$state")" = incant ]
}

@test "the history file escapes newlines and backslashes, one entry a line" {
  incant_start
  line '." a\b" newline'
  line ': two-lines'
  line '2 . ;'
  bye_and_wait
  run cat "$TTY_HOME/.incant_history"
  assert_output '." a\\b" newline
: two-lines\n2 . ;
bye'
  tty_clear
  incant_start
  keys Up Up Up
  wait_screen '^\." a\\b" newline$'
  enter
  wait_screen '^a\\b$'
}

@test "a history file past twice the bound is cut to its newest 1000 entries, by rename" {
  seq 1 2500 | sed 's/$/ ./' > "$TTY_HOME/.incant_history"
  local before
  before=$(stat -c %i "$TTY_HOME/.incant_history")
  incant_start
  [ "$(wc -l < "$TTY_HOME/.incant_history")" -eq 1000 ]
  [ "$(head -1 "$TTY_HOME/.incant_history")" = '1501 .' ]
  [ "$(tail -1 "$TTY_HOME/.incant_history")" = '2500 .' ]
  [ "$(stat -c %i "$TTY_HOME/.incant_history")" != "$before" ]
  keys Up
  wait_screen '^2500 \.$'
  keys -N 999 Up
  wait_screen '^1501 \.$'
  keys Up
  type_text ' 1 .'
  wait_screen '^1501 \. 1 \.$'
  ls -a "$TTY_HOME" > "$BATS_TEST_TMPDIR/ls.txt"
  run cat "$BATS_TEST_TMPDIR/ls.txt"
  assert_output $'.\n..\n.incant_history'
}

@test "a history file that grows past twice the bound while incant runs is cut as well" {
  seq 1 2000 | sed 's/$/ ./' > "$TTY_HOME/.incant_history"
  incant_start
  [ "$(wc -l < "$TTY_HOME/.incant_history")" -eq 2000 ]
  line '0 .'
  poll history_lines_are 1000
  [ "$(tail -1 "$TTY_HOME/.incant_history")" = '0 .' ]
}
history_lines_are() { [ "$(wc -l < "$TTY_HOME/.incant_history")" -eq "$1" ]; }

@test "two REPLs at once both add to the history file, and neither loses the other's entries" {
  incant_start
  line '1 .'
  tty_new_window
  local second=$TTY_T
  incant_start
  line '2 .'
  tty_use t:0
  line '3 .'
  tty_use "$second"
  line '4 .'
  bye_and_wait
  tty_use t:0
  bye_and_wait
  run cat "$TTY_HOME/.incant_history"
  assert_output $'1 .\n2 .\n3 .\n4 .\nbye\nbye'
}

# ---- definitions over several lines ----

@test "a line that leaves a definition open answers ' compiled', the line that ends it ' ok'" {
  incant_start
  line ': sq ( n -- n*n )'
  wait_screen '^ compiled$'
  line 'dup * ;'
  wait_screen '^ ok$'
  line '7 sq .'
  wait_screen '^49  ok$'
}

@test "the lines of one definition are one history entry: Up brings them back together, Enter runs them" {
  incant_start
  line ': sq ( n -- n*n )'
  line 'dup * ;'
  line '3 sq .'
  wait_screen '^9  ok$'
  tty_clear_incant
  keys Up Up
  wait_screen_is $': sq ( n -- n*n )\ndup * ;'
  keys Left Left Left Delete
  type_text '+'
  wait_screen_is $': sq ( n -- n*n )\ndup + ;'
  enter
  wait_screen_is $': sq ( n -- n*n )\n<stdin>:4:3: warning: redefined sq\n compiled\ndup + ;\n ok'
  line '3 sq .'
  wait_screen '^6  ok$'
  bye_and_wait
  run cat "$TTY_HOME/.incant_history"
  assert_output ': sq ( n -- n*n )\ndup * ;
3 sq .
: sq ( n -- n*n )\ndup + ;
3 sq .
bye'
}

@test "Left, Right, Home and End work across the lines of a recalled definition" {
  incant_start
  line ': five'
  line '5 ;'
  tty_clear_incant
  keys Up
  wait_screen_is $': five\n5 ;'
  keys Home
  type_text '2 '
  keys Left Left Left
  type_text ' 1'
  keys Home
  wait_cursor 0 0
  keys End
  wait_cursor 8 0
  keys Right
  wait_cursor 0 1
  wait_screen_is $': five 1\n2 5 ;'
  enter
  line 'five + + .'
  wait_screen '^8  ok$'
}

@test "an error in a recalled definition stops its remaining lines; the whole entry stays in history" {
  incant_start
  line ': bad'
  line '1 .'
  line ';'
  tty_clear_incant
  keys Up
  wait_screen_is $': bad\n1 .\n;'
  keys Up
  wait_screen_is $': bad\n1 .\n;'
  keys Left Left Left
  type_text 'x'
  wait_screen_is $': bad\n1 x.\n;'
  keys Enter
  wait_screen '^<stdin>:5:3: error -13: undefined word: x\.$'
  wait_raw
  screen_lacks '^;$'
  keys Up
  wait_screen '^1 x\.$'
  wait_screen '^;$'
}

# tty_clear_incant: clear the screen with Ctrl-L, at an empty line.
tty_clear_incant() {
  keys C-l
  poll screen_is_empty
}
screen_is_empty() { [ -z "$(screen | grep -v '^$')" ]; }

# wait_screen_is TEXT: until the screen shows exactly TEXT (blank rows
# after it aside).
screen_is() { [ "$(screen | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')" = "$1" ]; }
wait_screen_is() { poll screen_is "$1"; }

# ---- the display ----

# resize COLUMNS [ROWS]
resize() { tmux -S "$TTY_SOCK" resize-window -t "$TTY_T" -x "$1" -y "${2:-24}"; }

# wait_area TEXT COLUMN ROW: until the last rows of the screen that are
# not blank show TEXT and the cursor is at COLUMN, ROW of them.  (After a
# resize, tmux may pull scrolled-off rows back above the line.)
area_is() {
  local rows top
  rows=$(printf '%s\n' "$1" | wc -l)
  local shown
  shown=$(screen | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}')
  top=$(( $(printf '%s\n' "$shown" | wc -l) - rows ))
  [ "$(printf '%s\n' "$shown" | tail -n "$rows")" = "$1" ] &&
    cursor_at "$2" $((top + $3))
}
wait_area() { poll area_is "$@"; }

@test "a line longer than the terminal is wide wraps, and the cursor follows it" {
  resize 20 12
  incant_start
  tty_clear_incant
  type_text '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15'
  wait_screen_is $'1 2 3 4 5 6 7 8 9 10\n 11 12 13 14 15'
  wait_cursor 15 1
  keys Home
  wait_cursor 0 0
  type_text '0 '
  wait_screen_is $'0 1 2 3 4 5 6 7 8 9\n10 11 12 13 14 15'
  wait_cursor 2 0
  keys End
  wait_cursor 17 1
  type_text ' +'
  wait_cursor 19 1
  type_text ' '
  wait_cursor 0 2
  keys BSpace
  wait_cursor 19 1
  type_text ' depth .'
  wait_screen_is $'0 1 2 3 4 5 6 7 8 9\n10 11 12 13 14 15 +\ndepth .'
  enter
  wait_screen '^15  ok$'
}

@test "the line is drawn again at the new width when the terminal is resized (SIGWINCH)" {
  incant_start
  type_text '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15'
  keys Home
  wait_area '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15' 0 0
  resize 12
  wait_area $'1 2 3 4 5 6\n7 8 9 10 11\n12 13 14 15' 0 0
  keys End
  wait_area $'1 2 3 4 5 6\n7 8 9 10 11\n12 13 14 15' 11 2
  resize 30
  wait_area $'1 2 3 4 5 6 7 8 9 10 11 12 13\n14 15' 5 1
  type_text ' + + .'
  wait_area $'1 2 3 4 5 6 7 8 9 10 11 12 13\n14 15 + + .' 11 1
  resize 80
  wait_area '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 + + .' 41 0
  enter
  wait_screen '^42  ok$'
  line 'depth .'
  wait_screen '^12  ok$'
}

@test "the editor's signal handlers are there only while a line is read: a handler of the user's comes back" {
  incant_start
  line 'variable winches'
  line ': on-winch ( -- ) 1 winches +! ;'
  line "' on-winch entry-to-execution-token wrap-signal-handler SIGWINCH bind-signal"
  type_text '1 2 3'
  resize 60
  keys Home
  wait_area '1 2 3' 0 0
  keys End
  type_text ' winches @ .'
  enter
  wait_screen '^0  ok$'
  line 'SIGWINCH raise winches @ .'
  wait_screen '^1  ok$'
}

@test "UTF-8: the cursor moves and deletes by character, and counts one column for each" {
  incant_start
  tty_clear_incant
  type_text '." aéüb"'
  wait_cursor 8 0
  keys Left Left
  wait_cursor 6 0
  keys BSpace
  wait_screen_is '." aéb"'
  wait_cursor 5 0
  keys C-b C-f Right
  wait_cursor 6 0
  type_text 'ñ'
  keys C-a Delete Delete
  type_text '."'
  wait_screen_is '." aébñ"'
  enter
  wait_screen '^aébñ ok$'
  line '." 日本語 ok" newline'
  wait_screen '^日本語 ok$'
}

@test "UTF-8: a line of many-byte characters wraps by characters" {
  resize 20 12
  incant_start
  tty_clear_incant
  type_text "$(printf 'é%.0s' $(seq 25))"
  wait_screen_is "$(printf 'é%.0s' $(seq 20))"$'\n'"$(printf 'é%.0s' $(seq 5))"
  wait_cursor 5 1
  keys C-w
  wait_cursor 0 0
}

@test "SIGTSTP sent while a line is edited stops incant with the terminal as it was; fg redraws" {
  incant_start
  local pid
  pid=$(incant_pid)
  [ -n "$pid" ]
  type_text '5 6 * .'
  kill -TSTP "$pid"
  wait_screen 'Stopped'
  wait_cooked
  type_text 'fg'
  keys Enter
  wait_raw
  wait_screen '^5 6 \* \.$'
  enter
  wait_screen '^30  ok$'
}

@test "Ctrl-Z does nothing when SIGTSTP is ignored (nobody would continue us)" {
  type_text "(trap '' TSTP; exec $INCANT)"
  keys Enter
  wait_screen '^incant -- a Forth'
  wait_raw
  type_text '1 2'
  keys C-z
  type_text ' + .'
  enter
  wait_screen '^3  ok$'
  screen_lacks 'Stopped'
}

# pending-cell is what a signal handler sets to have the code running in
# C throw once it returns (lib/faults.e: Ctrl-C deferred out of C).
@test "an interrupt noted while a line is read (pending-cell) drops the line, cooked, and the REPL goes on" {
  incant_start
  line 'also core-internals'
  line ': note-interrupt ( -- ) -28 pending-cell ! ;'
  line "' note-interrupt entry-to-execution-token wrap-signal-handler SIGALRM bind-signal"
  type_text '1 sys-alarm drop'
  keys Enter
  wait_raw
  type_text 'never run'
  wait_screen '^interrupted$'
  no_staircase
  line '1 .'
  wait_screen '^1  ok$'
  type_text 'bye'
  keys Enter
  wait_cooked
  screen_lacks 'undefined word: never'
}

@test "keys past the editor's 65,536 bytes in a line ring the bell and are refused, never cut later" {
  incant_start
  tmux -S "$TTY_SOCK" pipe-pane -t "$TTY_T" -o "cat > '$BATS_TEST_TMPDIR/raw.txt'"
  # 32,770 times "1 ": two more than fit
  printf '1 %.0s' $(seq 32770) > "$BATS_TEST_TMPDIR/long.txt"
  tmux -S "$TTY_SOCK" load-buffer "$BATS_TEST_TMPDIR/long.txt"
  tmux -S "$TTY_SOCK" paste-buffer -t "$TTY_T"
  poll grep -q $'\a' "$BATS_TEST_TMPDIR/raw.txt"
  enter
  line 'depth .'
  wait_screen '^32768  ok$'
}

# cpu_ticks PID: user + system time PID has used, in clock ticks
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

@test "a non-blocking terminal is waited on: the editor does not spin while no key comes" {
  gcc -O2 -o "$BATS_TEST_TMPDIR/nonblock" "$BATS_TEST_DIRNAME/progs/nonblock.c"
  type_text "$BATS_TEST_TMPDIR/nonblock $INCANT"
  keys Enter
  wait_screen '^incant -- a Forth'
  wait_raw
  pid=$(pgrep -P "$(tmux -S "$TTY_SOCK" display -p -t "$TTY_T" '#{pane_pid}')")
  before=$(cpu_ticks "$pid")
  sleep 1
  # spinning on EAGAIN takes all of a core: about 100 ticks a second
  [ $(( $(cpu_ticks "$pid") - before )) -lt 20 ]
  line '1 2 + .'
  wait_screen '^3  ok$'
}
