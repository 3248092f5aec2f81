#!/bin/sh
# gen-errors.sh DIR - write DIR/errors.txt, input for the REPL (read from
# a pipe or file, no -i): 40,000 lines, each defining a word, using it and
# then naming an undefined one, so each line is an error report while the
# dictionary grows by one word a line; then a last line that prints
# "done".  Prints the expected first word of the output: done.
#
# Every report looks up the words of its backtrace in the dictionary
# (boot/error.c), so this measures how that lookup scales with its size.
set -e
dir=$1
[ -n "$dir" ] || { echo "usage: gen-errors.sh DIR" >&2; exit 2; }
awk -v out="$dir/errors.txt" 'BEGIN {
  for (i = 1; i <= 40000; i++)
    printf ": e%d ( -- n ) %d ; e%d drop no-such-word-%d\n", i, i, i, i > out
  print ".\" done\" newline" > out
  print "done"
}'
