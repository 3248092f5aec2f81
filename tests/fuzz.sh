#!/usr/bin/env bash
# fuzz.sh [COUNT] [SEED]: run COUNT random programs built from the
# dictionary's words and small numbers, each under `timeout 5`.  None may
# end by a signal: an exit status of 128 or more (other than timeout's
# 124) fails the run, and the offending program is printed.
#
# Words that would reach outside the process (send signals, sleep, exit
# with a chosen status, make raw system calls) are left out: they can end
# the process by a signal on purpose, which is not what is tested here.
# So are the words that read standard input (key, key?, accept) or an
# inherited descriptor (read-file, read-line), which could wait for ever
# on a terminal, and those that change files (create-file, write-file,
# write-line, resize-file, delete-file, rename-file) or move an inherited
# descriptor's offset, shared with the parent (reposition-file): the
# programs run in the caller's directory, with its descriptors.
#
# With FUZZ_STD=1 the programs are standard mode's: its words (incant
# --std), in a .fs file.
#
# Progress goes to stderr: on a terminal a counter rewritten in place,
# elsewhere a line at every tenth of the run (tests/progress.bash).  The
# last line on stdout is the summary.
set -u
count=${1:-2000}
seed=${2:-$$}
here=$(cd "$(dirname "$0")/.." && pwd)
incant=${INCANT:-$here/incant}
. "$here/tests/progress.bash"
ext=e std=()
[ -n "${FUZZ_STD:-}" ] && ext=fs std=(--std)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

deny='^(syscall-[0-6]|sys-kill|sys-tgkill|raise|sys-exit|sys-pause|sys-alarm|sys-setitimer|nanosleep|ms|sleep-until|after|every|dispatch-timer|block-timer-signal|restore-signal-mask|with-timer-signal-blocked|profile|>fd|handle-termination|give-up|pass-signal|pass-signal-info|unbind-signal|sys-exit-now|bind-signal|bind-signal-info|bind-signal-with|bind-fault|bind-signal-deferred|sys-sigaction|sys-read|refill|repl|main|stdin-source|sys-mmap|sys-munmap|sys-mprotect|sys-sigprocmask|sys-sigaltstack|key|key\?|accept|read-file|read-line|create-file|write-file|write-line|resize-file|delete-file|rename-file|reposition-file)$'
"$incant" "${std[@]}" -e words < /dev/null | tr ' ' '\n' | grep -v '^$' | grep -Ev "$deny" > "$work/words"
mapfile -t words < "$work/words"
n=${#words[@]}
RANDOM=$seed
failures=0
for ((p = 0; p < count; p++)); do
  prog=""
  len=$((RANDOM % 16 + 4))
  for ((t = 0; t < len; t++)); do
    if ((RANDOM % 3 == 0)); then
      prog+="$((RANDOM % 104 - 3)) "
    else
      prog+="${words[RANDOM % n]} "
    fi
  done
  printf '%s\n' "$prog" > "$work/prog.$ext"
  status=0
  timeout 5 "$incant" "$work/prog.$ext" < /dev/null > /dev/null 2>&1 || status=$?
  if ((status >= 128)); then
    progress_clear
    echo "program $p ended with status $status: $prog"
    failures=$((failures + 1))
  fi
  ran=$((p + 1))
  state="fuzz: $ran/$count programs, $failures ended by a signal"
  if ((ran < count && ran * 10 / count != (ran - 1) * 10 / count)); then
    progress_milestone "$state"
  else
    progress "$state"
  fi
done
progress_clear
echo "fuzz: $count programs (seed $seed), $failures ended by a signal"
((failures == 0))
