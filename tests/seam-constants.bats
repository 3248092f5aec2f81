#!/usr/bin/env bats
# The seam between C and the language: the .e files read C's structs and
# the kernel's through the named constants of boot/layout.c, never through
# bare offsets or flag bits.  The patterns below are the forms those
# constants replaced; each is narrow enough that ordinary arithmetic
# (`8 +loop`, `cells`, a library's own records) does not match it.

load helper

ROOT="$BATS_TEST_DIRNAME/.."

# The forms that must not come back, one extended regex a line, each
# after a `#` line saying what it catches.
PATTERNS='# an entry flag bit tested or set by number
(entry-flags|latest-flags)( dup)? c@ [0-9]+ (and|or|invert)
c@ [0-9]+ (or|invert and) swap c!
# an accessor of a C or kernel struct written as a bare offset
^: (entry|siginfo|sigaction|sigaltstack|timespec|uc|frame|sig-frame|stat)-[^ ]* \([^)]*\) ([^;]* )?([0-9]+ (cells )?\+|cell\+)
# ucontext offsets: uc_mcontext.rip, uc_sigmask, uc_mcontext
(^|[^0-9])(168|296)([^0-9]|$)|cells 40 \+
# the bytes of NEXT, written or compared one by one
0x20ffad48|0xad pack8|0x48 pack8|c@ 0x(48|ad) =
# trampolines: siginfo (rsi), ucontext (rdx), a signal frame (rcx) by number
:(rdx|rsi|rcx) [1-9][0-9]* (mov|cmp)-mem|:rdx [1-9][0-9]* :r
# the size of a signal frame as a shift
6 lshift sig-frames|6 :rcx shl-reg64-imm8
# struct stat
stat-buffer [0-9]+ \+|[0-9]+ buffer: stat-buffer
# the size of a signal set
[0-9]+ SYS_rt_sig[a-z]+ syscall|0 8 14 syscall
# kernel struct sizes
[0-9]+ 128 allocate-aligned|[0-9]+ allocate dup [0-9]+ 0 fill
# a signal frame read by number
(sig-frame|frame-uc|frame-info)( dup)? [0-9]+ (cells )?\+|[0-9]+ \+ @ [0-9]+ \+ l@'

patterns() { printf '%s\n' "$PATTERNS" | grep -v '^#'; }

# Code without its comments: `~` to the end of the line.
strip_comments() { sed -E 's/(^|[[:space:]])~([[:space:]].*)?$//' "$@"; }

@test "no .e file uses a bare offset or flag bit of C's or the kernel's structs" {
  local hits="" p f
  while IFS= read -r p; do
    for f in "$ROOT"/core/*.e "$ROOT"/asm/*.e "$ROOT"/lib/*.e; do
      hits+=$(strip_comments "$f" | grep -nE -- "$p" | sed "s|^|${f#"$ROOT"/}:|")
    done
  done < <(patterns)
  run printf '%s' "$hits"
  assert_output ""
}

@test "each pattern catches the form it forbids" {
  local samples='latest @ 8 + dup c@ 1 or swap c!
: immediate? ( entry -- flag ) entry-flags c@ 1 and 0<> ;
: entry-name ( entry -- str ) 24 + ;
: frame-info ( frame -- info ) cell+ @ ;
: frame-in-c? ( frame -- flag ) frame-uc 168 + @ within ;
here @ 0x48 pack8 0xad pack8 0xff pack8 0x20 pack8 here !
: lodsq-at? ( addr -- flag ) dup c@ 0x48 = swap 1+ c@ 0xad = and ;
:rdx :rcx 0 mov-mem64-reg64   :rsi :rcx 8 mov-mem64-reg64
6 :rcx shl-reg64-imm8  sig-frames :rcx add-reg64-imm32
stat-buffer 48 + @ 0 0 ;
: sys-sigaction ( signum new old -- result ) 8 SYS_rt_sigaction syscall-4 ;
: allocate-sigaction ( -- sa ) 32 128 allocate-aligned dup 32 0 fill ;
1- sig-frame dup 32 + @ fault-signal?'
  local p
  while IFS= read -r p; do
    printf '%s\n' "$samples" | grep -qE -- "$p" || { echo "catches nothing: $p"; return 1; }
  done < <(patterns)
  # and ordinary arithmetic passes
  run grep -cE -f <(patterns) <<< $'8 +loop\n: cell+ ( addr -- addr+8 ) 8 + ;\n: slot-due ( slot -- addr ) 4 cells + ;'
  assert_output "0"
}

@test "the layout constants lead to the fields the words read" {
  put t.e $': imm ; immediate
\' imm entry-flags-offset + c@ immediate-flag and 0<> .
\' imm entry-name-offset + emitstring space
\' imm entry-line-offset + l@ .
\' imm entry-flags-offset + c@ hidden-flag and .
variable v  \' v entry-flags-offset + c@ variable-flag and 0<> .
code nothing end-code  \' nothing entry-to-execution-token @ l@ next-code = .
'
  in_tmp
  run "$INCANT" t.e
  assert_status 0
  assert_output "-1 imm 1 0 -1 -1 "
}

@test "a signal handler finds si_code, the signal and the interrupted rip at the named offsets" {
  put t.e $': h ( signum info uc -- )
  uc-rip-offset + @  [\'] syscall-2 @ -  0 64 within .
  si-code-offset + l@ 0xfffffffa = .  . ;
\' h entry-to-execution-token wrap-signal-handler-info SIGUSR1 bind-signal-info
SIGUSR1 raise
'
  in_tmp
  run "$INCANT" t.e
  assert_status 0
  assert_output "-1 -1 10 "
}

@test "help shows a layout constant's meaning and that the table in boot/layout.c defines it" {
  run_e 'help uc-rip-offset'
  ok_output "uc-mcontext-offset uc-rip-offset uc-sigmask-offset ( -- n )
  ucontext: the saved registers (sigcontext order), rip among them, the signal
  mask
  defined in boot/layout.c"
}
