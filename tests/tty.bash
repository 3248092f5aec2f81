# tests/tty.bash - driving incant through a terminal, for edit.bats.
#
# Each test gets a tmux server of its own (a socket in its temporary
# directory) running dash in a window of a fixed size.  dash, not bash:
# dash never touches the terminal's modes, so what `stty` shows after
# incant leaves is what incant left.  Keys go in with send-keys; the
# screen comes out with capture-pane.  Nothing waits a fixed time: every
# wait polls for what it expects, for up to TTY_TIMEOUT seconds.

TTY_TIMEOUT=${TTY_TIMEOUT:-15}

# tty_start [COLUMNS ROWS]: the window, a shell prompt in it.  HOME is a
# fresh directory.
tty_start() {
  TTY_SOCK="$BATS_TEST_TMPDIR/tmux.sock"
  TTY_HOME="$BATS_TEST_TMPDIR/home"
  mkdir -p "$TTY_HOME"
  tmux -S "$TTY_SOCK" -f /dev/null new-session -d -x "${1:-80}" -y "${2:-24}" \
    -s t "$(tty_shell)"
  tty_use t:0
  wait_screen '^\$$'
  TTY_COOKED=$(stty -F "$TTY_DEV" -g)
}

# tty_shell: the command each window runs.
tty_shell() {
  printf '%q ' env -i "PATH=$PATH" "HOME=$TTY_HOME" TERM=screen "PS1=$ "
  printf 'dash -i'
}

# tty_new_window: a second window, the same shell in it; then tty_use it.
tty_new_window() {
  local index
  index=$(tmux -S "$TTY_SOCK" new-window -P -F '#{window_index}' -t t: "$(tty_shell)")
  tty_use "t:$index"
  wait_screen '^\$$'
}

# tty_use WINDOW: the window that the helpers below talk to.
tty_use() {
  TTY_T=$1
  TTY_DEV=$(tmux -S "$TTY_SOCK" display -p -t "$TTY_T" '#{pane_tty}')
}

# tty_clear: clear the window from the shell (dash has no Ctrl-L).
tty_clear() {
  type_text "printf '\\033[H\\033[2J'"
  keys Enter
  poll screen_is_prompt
}
screen_is_prompt() { [ "$(screen | grep -v '^$')" = '$' ]; }

# tty_stop: end the tmux server (call from teardown).
tty_stop() {
  [ -n "${TTY_SOCK:-}" ] && tmux -S "$TTY_SOCK" kill-server 2>/dev/null
  return 0
}

# keys KEY...: named keys (Left, Home, C-a, M-b, Enter ...).
keys() { tmux -S "$TTY_SOCK" send-keys -t "$TTY_T" "$@"; }

# type_text TEXT: TEXT as typed, byte for byte (as hex: tmux would
# take a trailing ';' for a command separator).
type_text() {
  local hex
  hex=$(printf '%s' "$1" | od -An -v -tx1)
  # shellcheck disable=SC2086
  tmux -S "$TTY_SOCK" send-keys -t "$TTY_T" -H $hex
}

# screen: the window's text, one line per row, trailing blanks trimmed.
screen() { tmux -S "$TTY_SOCK" capture-pane -p -t "$TTY_T" | sed -e 's/ *$//'; }

# cursor: "column row" of the cursor, both from 0.
cursor() { tmux -S "$TTY_SOCK" display -p -t "$TTY_T" '#{cursor_x} #{cursor_y}'; }

# poll CMD...: run CMD until it succeeds, or fail after TTY_TIMEOUT
# seconds showing the screen.
poll() {
  local deadline=$((SECONDS + TTY_TIMEOUT))
  until "$@"; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      printf 'timed out waiting for: %s\nscreen:\n%s\n' "$*" "$(screen)" >&2
      return 1
    fi
    sleep 0.05
  done
}

screen_has() { screen | grep -Eq -- "$1"; }
screen_lacks() { ! screen | grep -Eq -- "$1"; }

# wait_screen ERE: until a line of the screen matches ERE.
wait_screen() { poll screen_has "$1"; }

# The terminal's mode, seen from outside.
is_raw() { stty -F "$TTY_DEV" -a | grep -q -- '-icanon'; }
is_cooked() { [ "$(stty -F "$TTY_DEV" -g)" = "$TTY_COOKED" ]; }
wait_raw() { poll is_raw; }
wait_cooked() { poll is_cooked; }

# incant_start [ARGS]: start incant from the shell and wait until it
# reads a line in raw mode.  INCANT_ENV, when set, goes before the
# command (VAR=value ...).
incant_start() {
  type_text "${INCANT_ENV:+$INCANT_ENV }$INCANT $*"
  keys Enter
  wait_screen '^incant -- a Forth'
  wait_raw
}

# answers: how many lines, scrolled off or not, end in " ok" or
# " compiled": the REPL's answer to each line.
answers() {
  tmux -S "$TTY_SOCK" capture-pane -p -S - -t "$TTY_T" | grep -Ec ' (ok|compiled)$' || true
}
answers_above() { [ "$(answers)" -gt "$1" ]; }

# enter: press Enter, wait for the REPL's answer and for the next line's
# raw mode.  line TEXT: type TEXT first.
enter() {
  local n
  n=$(answers)
  keys Enter
  poll answers_above "$n" && wait_raw
}
line() {
  type_text "$1"
  enter
}

# line_then TEXT ERE: type TEXT and Enter, wait for a line matching ERE
# (an answer other than ok: an error), then for the next line's raw mode.
line_then() {
  type_text "$1"
  keys Enter
  wait_screen "$2" && wait_raw
}

# no_staircase: no row starts with a run of blanks, as the lines of a
# report written in raw mode would (a newline without a return).
no_staircase() { ! screen | grep -Eq '^ {8,}'; }

# wait_cursor COLUMN ROW
cursor_at() { [ "$(cursor)" = "$1 $2" ]; }
wait_cursor() { poll cursor_at "$1" "$2"; }
