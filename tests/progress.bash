# tests/progress.bash - progress on stderr for the long runs (fuzz.sh,
# bench/run.sh), sourced by them.
#
# On a terminal one status line is rewritten in place (\r, then erase to
# the end of the line), as often as the caller likes.  Anywhere else (a log
# file, a pipe, CI) only the lines the caller marks as milestones are
# printed, each on a line of its own, so a log stays short and readable.
# Standard output, where the results go, is never touched.

if [ -t 2 ]; then progress_tty=1; else progress_tty=0; fi

# progress TEXT: the current state; shown on a terminal only.
progress() {
  if ((progress_tty)); then printf '\r\033[K%s' "$1" >&2; fi
}

# progress_milestone TEXT: a state worth a line in a log as well.
progress_milestone() {
  if ((progress_tty)); then printf '\r\033[K%s' "$1" >&2; else printf '%s\n' "$1" >&2; fi
}

# progress_clear: take the status line away before other output (a
# failure, the final summary), so the two do not run together.
progress_clear() {
  if ((progress_tty)); then printf '\r\033[K' >&2; fi
}
