# incant - build, run, test, benchmark, install.
PREFIX ?= /usr/local
CC ?= gcc

# Freestanding: no libc, no SSE (signal handlers need not save it), no
# stack protector (no TLS), rbp reserved for the control stack even inside
# C (see boot/prims.c: a signal can then always trust rbp), and no loop-to-
# memcpy rewriting inside mem.c's own memcpy.
CFLAGS = -std=c11 -O2 -Wall -Wextra -Werror -ffreestanding -fno-builtin \
	-fno-stack-protector -mgeneral-regs-only -ffixed-rbp \
	-fomit-frame-pointer -fno-tree-loop-distribute-patterns -fno-pie \
	-fno-asynchronous-unwind-tables -fno-unwind-tables
LDFLAGS = -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack

# Two stages: incant-stage1 carries the prelude's source and interprets it
# at start-up; it writes out what that built (boot/image.bin, see
# boot/snapshot.c), and incant carries that image instead, so it starts
# without interpreting anything.
BOOT_SRC = $(filter-out boot/prelude.c boot/image.c,$(wildcard boot/*.c))
BOOT_OBJ = $(BOOT_SRC:.c=.o)
PRELUDE = core/core.e asm/amd64.e lib/linux.e lib/signals.e lib/faults.e lib/disasm.e lib/debug.e lib/help.e core/top.e

all: incant

incant-stage1: $(BOOT_OBJ) boot/prelude.o
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

boot/image.bin: incant-stage1
	./incant-stage1 --write-snapshot $@

boot/image.o: boot/image.bin

incant: $(BOOT_OBJ) boot/image.o
	@echo "  LD  $@"; $(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^

boot/%.o: boot/%.c $(wildcard boot/*.h)
	@echo "  CC  $<"; $(CC) $(CFLAGS) -c -o $@ $<

boot/prelude.o: $(PRELUDE)
boot/docs.o: docs/words.md

run: incant
	./incant

BATS = $(shell command -v bats 2>/dev/null)
test: incant
	@if ! command -v bats >/dev/null 2>&1; then \
		echo "installing bats (Debian package)"; \
		(apt-get update -qq && apt-get install -y -qq bats) >/dev/null || \
		(sudo apt-get update -qq && sudo apt-get install -y -qq bats) >/dev/null; \
	fi
	bats tests/

# incant against gforth (installed when missing) and C, in one table
bench: incant
	@if ! command -v gforth-fast >/dev/null 2>&1; then \
		echo "installing gforth (Debian package)"; \
		(apt-get update -qq && apt-get install -y -qq gforth) >/dev/null || \
		echo "gforth could not be installed: its columns will be empty"; \
	fi
	tests/bench/run.sh

# 2,000 random programs, each under `timeout 5`; none may end by a signal
fuzz: incant
	tests/fuzz.sh 2000

install: incant
	install -D -m 755 incant $(DESTDIR)$(PREFIX)/bin/incant

clean:
	rm -f incant incant-stage1 boot/*.o boot/image.bin

.PHONY: all run test bench fuzz install clean
