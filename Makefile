# incant - build, run, test, benchmark, install.  `make help` lists the
# targets: each is introduced by a `## target: what it does` line, which
# is what help prints.
PREFIX ?= /usr/local
CC ?= gcc
OBJCOPY ?= objcopy

# Freestanding: no libc, no SSE (signal handlers need not save it), no
# stack protector (no TLS), rbp reserved for the control stack even inside
# C (see boot/prims.c: a signal can then always trust rbp), and no loop-to-
# memcpy rewriting inside mem.c's own memcpy.  gcc's unwind tables stay,
# never read at run time: with them gdb unwinds exactly out of a C helper,
# from any instruction, into the primitive that called it, where
# tools/incant-gdb.py takes over.  They go to .debug_frame (-g without
# -fasynchronous-unwind-tables), which gdb reads as well as .eh_frame, so
# that incant's link can drop the rest of the debug information and
# compress them (12 KB to 5 KB; tests/observe.bats checks the unwinding).
#
# -mcmodel=medium with -mlarge-data-threshold: arrays of 200 bytes or more
# go to .lbss, after .bss, so that the small variables lie together on one
# page instead of scattered between buffers: a run that touches them
# faults in one page, not ten (each costs microseconds at start-up).
CFLAGS = -std=c11 $(OPT) -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-mcmodel=medium -mlarge-data-threshold=200 -fno-stack-protector -mgeneral-regs-only -ffixed-rbp \
	-fomit-frame-pointer -fno-tree-loop-distribute-patterns -fno-pie \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -g
# Optimised for speed where loading and compiling source spend their time
# (the text interpreter, find and the dictionary, the optimizer and the
# encoder, the line table, the helpers, the image's decompressor); for
# size everywhere else: the primitives' emitters run only in
# incant-stage1, the line editor, the profiler and start-up's one-time
# code are not hot, and error reports, wordlists and output lose nothing
# measurable (the load row of make bench).  That keeps the binary small.
OPT = -O2
COLD = boot/prims.o boot/edit.o boot/history.o boot/complete.o boot/keys.o \
	boot/terminal.o boot/perfmap.o boot/profile.o boot/start.o \
	boot/snapshot.o boot/docs.o boot/io.o boot/standard.o \
	boot/wordlist.o boot/out.o boot/error.o
$(COLD): OPT = -Os
# --gc-sections: what only incant-stage1 calls (stage1.c) stays out of incant.
# -z noseparate-code: the ELF header, the code and the constants share one
# read-and-execute segment, so exec maps three segments, not five (some
# 10 microseconds of each start-up; the layout binutils used before 2.31).
# Keeping the constants out of executable pages would buy nothing here: a
# Forth compiles into writable, executable memory anyway.
LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,noseparate-code -Wl,--gc-sections

# Two stages: incant-stage1 carries the prelude's source and interprets it
# at start-up; it writes out what that built (boot/image.bin, see
# boot/snapshot.c), and incant carries that image instead, so it starts
# without interpreting anything.
BOOT_SRC = $(filter-out boot/prelude.c boot/image.c boot/stage1.c,$(wildcard boot/*.c))
BOOT_OBJ = $(BOOT_SRC:.c=.o)
PRELUDE = core/core.e asm/amd64.e core/prims.e core/glue.e lib/linux.e lib/signals.e lib/barriers.e lib/faults.e \
	lib/disasm.e lib/debug.e lib/help.e \
	lib/numbers.e lib/strings.e lib/heap.e lib/files.e lib/system.e \
	lib/timers.e lib/profile.e lib/standard.e core/top.e

## all: build ./incant (what plain `make` does)
all: incant

incant-stage1: $(filter-out boot/helpers.o,$(BOOT_OBJ)) boot/helpers-docs.o \
		boot/prelude.o boot/stage1.o
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

# incant-stage1's copy of the helpers keeps their declarations' stack
# effects and docs, for --list-prims; incant's leaves them out (prims.h)
boot/helpers-docs.o: boot/helpers.c $(wildcard boot/*.h)
	@echo "  CC  $< (with the declarations' docs)"; \
	$(CC) $(CFLAGS) -DDECLARATION_DOCS -c -o $@ $<

# incant.image is the same memory uncompressed, which incant maps at
# start-up instead of decompressing its own copy when the file lies
# beside it (or in ../lib/incant/ from it, where make install puts it):
# boot/snapshot.c.
boot/image.bin incant.image &: incant-stage1
	./incant-stage1 --write-snapshot boot/image.bin incant.image

boot/image.o: boot/image.bin

# incant carries no symbols or unwind tables: they go to incant.debug
# beside it, which its .gnu_debuglink names, so gdb (tools/incant-gdb.py)
# and perf still find them, and the binary stays small.  Then incant
# writes incant.image again, with its own C addresses in the global
# block's fixed page (incant-stage1's differ): start-up then only reads
# that page (boot/start.c).  (incant is touched after, so that it stays
# newer than the file it just wrote.)
incant: $(BOOT_OBJ) boot/image.o incant.image
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(filter %.o,$^) && \
	$(OBJCOPY) $(foreach s,info abbrev line str line_str aranges rnglists loclists,-R .debug_$(s)) \
		--compress-debug-sections=zlib $@ && \
	$(OBJCOPY) --only-keep-debug $@ $@.debug && \
	$(OBJCOPY) --strip-all --add-gnu-debuglink=$@.debug $@ && \
	./$@ --write-image incant.image && touch $@

boot/%.o: boot/%.c $(wildcard boot/*.h)
	@echo "  CC  $<"; $(CC) $(CFLAGS) -c -o $@ $<

boot/prelude.o: $(PRELUDE)
boot/stage1.o: docs/words.md

## run: build ./incant and start the REPL
run: incant
	./incant

BATS = $(shell command -v bats 2>/dev/null)
# tests/edit.bats drives the REPL through a terminal: tmux, and dash as
# the shell in it (it leaves the terminal's modes alone).
TEST_TOOLS = bats tmux dash
# The standard Forth test suites (John Hayes' tester.fs and those built on
# it), as the Debian package gforth-common ships them: read there, never
# copied into the tree (tests/std/run.sh).
HAYES_DIR = /usr/share/gforth/0.7.3/test
# $(call install-package,PACKAGE): apt-get it, as root or through sudo
install-package = echo "installing $(1) (Debian package)"; \
	(apt-get update -qq && apt-get install -y -qq $(1)) >/dev/null || \
	(sudo apt-get update -qq && sudo apt-get install -y -qq $(1)) >/dev/null
## test: build and run the test suite (installs bats, tmux, dash and gforth-common when missing)
test: incant
	@for tool in $(TEST_TOOLS); do \
		if ! command -v $$tool >/dev/null 2>&1; then \
			$(call install-package,$$tool); \
		fi; \
	done
	@[ -f $(HAYES_DIR)/tester.fs ] || { $(call install-package,gforth-common); }
	bats tests/

## test-std: run the standard Forth test suites gforth ships, in standard mode:
##   tests run and failed per suite (installs gforth-common when missing)
test-std: incant
	@[ -f $(HAYES_DIR)/tester.fs ] || { $(call install-package,gforth-common); }
	HAYES_DIR=$(HAYES_DIR) tests/std/run.sh

## bench: time incant against gforth (installed when missing) and C, in one table
bench: incant
	@if ! command -v gforth-fast >/dev/null 2>&1; then \
		echo "installing gforth (Debian package)"; \
		(apt-get update -qq && apt-get install -y -qq gforth) >/dev/null || \
		echo "gforth could not be installed: its columns will be empty"; \
	fi
	tests/bench/run.sh

## bench-profile: what --profile costs on the bench programs (CPU time, with and without)
bench-profile: incant
	tests/bench/profile.sh

## fuzz: run 2,000 random programs, each under `timeout 5`, and 2,000 of
##   standard mode's words; none may end by a signal
fuzz: incant
	tests/fuzz.sh 2000
	FUZZ_STD=1 tests/fuzz.sh 2000

# Where `make install` puts things, all under $(DESTDIR)$(PREFIX).  Any
# of them can be set on the command line: Debian's zsh, for one, reads
# vendor completions from /usr/share/zsh/vendor-completions.
BINDIR = $(PREFIX)/bin
LIBDIR = $(PREFIX)/lib
MANDIR = $(PREFIX)/share/man/man1
DOCDIR = $(PREFIX)/share/doc/incant
DATADIR = $(PREFIX)/share/incant
VIMDIR = $(PREFIX)/share/vim/vimfiles
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions

# README.md goes to $(DOCDIR) and docs/*.md to $(DOCDIR)/docs, so that the
# README's links to docs/ still lead somewhere.
DOCS = $(wildcard docs/*.md)
EDITOR_FILES = editors/vim/syntax/incant.vim editors/vim/ftdetect/incant.vim \
	editors/emacs/incant-mode.el editors/textmate/incant.tmLanguage.json
VIM_FILES = syntax/incant.vim ftdetect/incant.vim

## install: install incant, its man page, docs, editor files and shell completions
##   under PREFIX (/usr/local); DESTDIR=dir stages them under dir
install: incant
	install -D -m 755 incant $(DESTDIR)$(BINDIR)/incant
	install -D -m 644 incant.debug $(DESTDIR)$(BINDIR)/.debug/incant.debug
	install -D -m 644 incant.image $(DESTDIR)$(LIBDIR)/incant/incant.image
	install -D -m 644 docs/incant.1 $(DESTDIR)$(MANDIR)/incant.1
	install -D -m 644 README.md $(DESTDIR)$(DOCDIR)/README.md
	install -d $(DESTDIR)$(DOCDIR)/docs
	install -m 644 $(DOCS) $(DESTDIR)$(DOCDIR)/docs
	for f in $(EDITOR_FILES); do \
		install -D -m 644 $$f $(DESTDIR)$(DATADIR)/$$f || exit 1; \
	done
	for f in $(VIM_FILES); do \
		install -D -m 644 editors/vim/$$f $(DESTDIR)$(VIMDIR)/$$f || exit 1; \
	done
	install -D -m 644 completions/incant.bash $(DESTDIR)$(BASHCOMPDIR)/incant
	install -D -m 644 completions/_incant $(DESTDIR)$(ZSHCOMPDIR)/_incant

# The files install put there, then the directories that are incant's own
# ($(DOCDIR), $(DATADIR)) once they are empty; shared ones such as
# $(BINDIR) stay.
## uninstall: remove what `make install` put there (the same PREFIX and DESTDIR)
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/incant $(DESTDIR)$(MANDIR)/incant.1
	rm -f $(DESTDIR)$(BINDIR)/.debug/incant.debug
	rmdir $(DESTDIR)$(BINDIR)/.debug 2>/dev/null || true
	rm -f $(DESTDIR)$(LIBDIR)/incant/incant.image
	rmdir $(DESTDIR)$(LIBDIR)/incant 2>/dev/null || true
	rm -f $(DESTDIR)$(DOCDIR)/README.md $(addprefix $(DESTDIR)$(DOCDIR)/,$(DOCS))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/,$(EDITOR_FILES))
	rm -f $(addprefix $(DESTDIR)$(VIMDIR)/,$(VIM_FILES))
	rm -f $(DESTDIR)$(BASHCOMPDIR)/incant $(DESTDIR)$(ZSHCOMPDIR)/_incant
	rmdir $(DESTDIR)$(DOCDIR)/docs $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	cd $(DESTDIR)$(DATADIR) 2>/dev/null && \
		rmdir -p --ignore-fail-on-non-empty $(sort $(dir $(EDITOR_FILES))) || true
	rmdir $(DESTDIR)$(DATADIR) 2>/dev/null || true

## clean: remove what the build made
clean:
	rm -f incant incant.debug incant.image incant-stage1 boot/*.o boot/helpers-docs.o boot/image.bin

## help: list these targets
help:
	@awk '/^## [a-z-]+: / { t = $$2; sub(/:$$/, "", t); sub(/^## [a-z-]+: /, ""); \
			printf "  make %-13s %s\n", t, $$0 } \
		/^##   / { sub(/^## +/, ""); printf "%21s%s\n", "", $$0 }' $(firstword $(MAKEFILE_LIST))

.PHONY: all run test test-std bench bench-profile fuzz install uninstall clean help
