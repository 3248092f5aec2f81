/* vm.h - the memory map and the machine's global block.
 *
 * Everything the threaded code needs to find lives at a fixed address below
 * 2 GiB, so primitives reach it with a 32-bit absolute address and a crash
 * report shows the same addresses from run to run.  The global block is the
 * first thing in the log.  All state that belongs to the language (not to
 * one run of the C code) is in the log and the regions beside it, so a
 * snapshot of those regions is a snapshot of the language (snapshot.c). */
#ifndef INCANT_VM_H
#define INCANT_VM_H

#include "sys.h"

#define PAGE 4096ul

/* The log: dictionary, threaded code, machine code, allocated data. */
#define LOG_BASE 0x10000000ul
#define LOG_SIZE 0x40000000ul /* 1 GiB reserved, touched on demand */

/* After the log, a gap of address space left unmapped, so that a
 * store that runs off the log's end (`,` `fill` `move` at `here` near
 * it) faults at once instead of writing on into the line table.  It is
 * wide enough that a backward `move` ending past the log still starts in
 * it: the first byte written faults. */
#define LOG_GAP 0x4000000ul /* 64 MiB */

/* The line table (error.c): which source line compiled each stretch of
 * threaded code, for backtraces. */
#define LINES_BASE (LOG_BASE + LOG_SIZE + LOG_GAP)
#define LINES_SIZE 0x4000000ul /* 64 MiB reserved: 8M records */
struct line_rec { u32 offset, line; };

/* Names of sources (files, "-e", "<stdin>"), which entries and backtraces
 * refer to; kept apart from the log so that opening a source in the middle
 * of a definition cannot write into it. */
#define NAMES_BASE 0x0f000000ul
#define NAMES_SIZE 0x1000000ul

/* Variables and buffers: kept out of the log so that, once the prelude is
 * loaded, its code and entries can be made read-only (sealed) while its
 * variables stay writable.  A stray store into the prelude then faults
 * instead of quietly breaking the fault handler itself. */
#define DATA_BASE 0x0e000000ul
/* 16 MiB less a 64 KiB gap left unmapped before the names region, so
 * that a `fill` or `move` run off the last buffer faults instead of
 * rewriting the names of sources (log.c log_map keeps the gap). */
#define DATA_SPAN 0x1000000ul
#define DATA_GAP 0x10000ul
#define DATA_SIZE (DATA_SPAN - DATA_GAP)

/* Superinstructions (optimize.c): machine code made by joining the bodies
 * of primitives, and a map from each piece back to its primitive, for
 * fault reports. */
#define CODE_BASE 0x0c000000ul
#define CODE_SIZE 0x2000000ul
#define SUPERMAP_BASE 0x0b000000ul
#define SUPERMAP_SIZE 0x1000000ul
struct super_piece {
	u32 offset;  /* from CODE_BASE */
	u32 xt;      /* the primitive copied there */
	u32 via;     /* the inlined definition it came from, or 0 */
	u32 pad;
};

/* One bit per cell of the log: set where an execution token is, so that
 * "is this cell an xt?" is one lookup (optimize.c, backtraces). */
#define XTMAP_BASE 0x0a000000ul
#define XTMAP_SIZE (LOG_SIZE / 64)

/* The hash index of the dictionary (log.c): open addressing, doubled
 * when it is 3/4 full, in a region of its own so it can start small (a
 * few pages for the prelude) and grow: 16 Mi slots, for 12 million
 * words.  Past that, new words are found through the list of entries
 * (slower, never wrong).  It and ENTRIES lie in the gigabyte the stacks
 * are in: a start-up that touched a gigabyte of its own for them made
 * and unmade two page tables more (some 9 µs). */
#define HASH_BASE 0x70000000ul
#define HASH_SIZE 0x8000000ul
#define HASH ((struct entry **)HASH_BASE)

/* Every entry's offset from LOG_BASE, in the order made (which is address
 * order): "which entry holds this address" is a binary search (log.c).
 * 8 Mi entries; past them the list of entries answers, slower. */
#define ENTRIES_BASE 0x78000000ul
#define ENTRIES_SIZE 0x2000000ul
#define ENTRIES ((u32 *)ENTRIES_BASE)

/* Wordlists (wordlist.c): an entry belongs to one, by number; the search
 * order is a list of them, the first searched first.  Wordlist 1 is
 * `forth-wordlist`; 0 is none. */
#define MAX_WORDLISTS 256
#define MAX_ORDER 16
#define FORTH_WORDLIST 1

/* Stacks: each a mapping with a guard region below and above left
 * unmapped (start.c map_stack), so overflow and underflow fault on the
 * first bad access. */
#define GUARD_SIZE 0x10000ul /* 64 KiB: a stray large offset still lands in it */
/* The value stack's top and the C stack's (below it, CSTACKC_BASE) lie in
 * one 2 MiB window: start-up touches both, and one page table serves. */
#define VSTACK_BASE 0x60010000ul
#define VSTACK_SIZE 0x100000ul /* 1 MiB, 128 Ki cells */
#define CSTACK_BASE 0x68000000ul
#define CSTACK_SIZE 0x100000ul
#define VSTACK_TOP (VSTACK_BASE + GUARD_SIZE + VSTACK_SIZE)
#define CSTACK_TOP (CSTACK_BASE + GUARD_SIZE + CSTACK_SIZE)

/* Each level of the text interpreter (the REPL's line, a script, an
 * included file, `evaluate`) runs the words it executes on a control
 * stack region of its own, whose top is a guard: a word that pops more
 * than it pushed (`: t r> ;`) faults at once as an underflow (-6) instead
 * of returning into the interpreter's own frames.  Region 0 is the one
 * above (CSTACK_BASE); region k lies k strides below it; levels past the
 * last region share it.  The rbp each level left is kept in the global
 * block (vm.level_rbp), so backtraces can follow the levels up. */
#define CSTACK_STRIDE 0x200000ul
#define CSTACK_LEVELS 32
#define CSTACK_LOW (CSTACK_BASE - (CSTACK_LEVELS - 1) * CSTACK_STRIDE)
static inline u64 cstack_top(u64 level)
{
	return CSTACK_TOP - level * CSTACK_STRIDE;
}
/* The region an address lies in (its stride, guards included), or -1. */
static inline i64 cstack_level(u64 a)
{
	if (a < CSTACK_LOW || a >= CSTACK_BASE + CSTACK_STRIDE)
		return -1;
	return (i64)((CSTACK_BASE + CSTACK_STRIDE - 1 - a) / CSTACK_STRIDE);
}

/* Where signal handlers run when the stacks themselves are the problem:
 * the alternate signal stack (DESIGN §3: the kernel's frame is ~3.4 KB
 * and AT_MINSIGSTKSZ can reach 11952 bytes, so 128 KiB leaves room for
 * Forth), and a small control stack for a fault handler whose rbp is in a
 * guard region.  Fixed addresses, so sp! and rp! can tell them apart. */
#define SIGSTACK_BASE 0x6c000000ul
#define SIGSTACK_SIZE 0x20000ul
#define SIGSTACK_TOP (SIGSTACK_BASE + GUARD_SIZE + SIGSTACK_SIZE)
/* The C helpers run on a stack of their own, not below the value stack:
 * a value stack filled to its last cells leaves C no room.  Each call
 * takes C_RESERVE bytes from vm.c_top for its frames, so a signal
 * handler's own C calls, made while a helper runs, go below it: room for
 * the program's call and one for each of MAX_SIG_DEPTH nested handlers. */
#define CSTACKC_BASE 0x5fef0000ul /* below the value stack, its top at the value stack's lower guard: a debugger takes the C frames for inner ones */
#define C_RESERVE 0x10000ul
#define CSTACKC_SIZE ((MAX_SIG_DEPTH + 1) * C_RESERVE)
#define C_HEADROOM 512 /* below the value stack pointer, for a helper's pushes */
#define CSTACKC_TOP (CSTACKC_BASE + GUARD_SIZE + CSTACKC_SIZE)
#define ESTACK_BASE 0x6d000000ul
#define ESTACK_SIZE 0x4000ul
#define ESTACK_TOP (ESTACK_BASE + GUARD_SIZE + ESTACK_SIZE)

/* Tags of the control-flow items `if`, `begin`, `do` ... leave on the
 * value stack while compiling (core/core.e, helpers.c: cs-pop). */
#define CS_ORIG 0x6f72696721ul /* "!giro": a branch to patch forward */
#define CS_DEST 0x6465737421ul /* a place to jump back to */
#define CS_DO 0x646f212121ul   /* a do loop's leave cell */
#define CS_CASE 0x6573616321ul /* a case: the chain of its endof branches */
#define CS_OF 0x666f212121ul   /* an of: its branch to the next of */

/* Signal frames (lib/signals.e): every trampoline notes the frame the
 * kernel made for it, innermost last, so that `list-callers` can show what
 * a handler interrupted, a throw out of a handler can give back the signal
 * mask it found, and an asynchronous throw can wait for C to finish.
 * Handlers nest at most MAX_SIG_DEPTH deep (each frame is some KB of the
 * 128 KiB alternate stack). */
#define MAX_SIG_DEPTH 16
struct sig_frame {
	u64 uc;       /* the ucontext */
	u64 info;     /* the siginfo */
	u64 rsp;      /* rsp at entry: the restorer's address is there */
	u64 rbp;      /* the control stack the handler's words run on */
	u64 signum;
	u64 c_caller; /* if it interrupted C: the primitive calling C, */
	u64 c_rsi;    /* and the Forth rsi saved at the boundary */
	u64 pad;
};
/* Frame i lies at sig_frames + (i << SIG_FRAME_SHIFT). */
#define SIG_FRAME_SHIFT 6
_Static_assert(sizeof(struct sig_frame) == 1ul << SIG_FRAME_SHIFT, "a sig_frame is a power of 2");

/* Entry flags (DESIGN §4) */
#define F_IMMEDIATE 0x01
#define F_HIDDEN 0x02
#define F_QUIET 0x04 /* machinery of the top level: left out of backtraces */
#define F_COMPILE_ONLY 0x08 /* an error to interpret */
/* Set by core/core.e on the constants that `variable` and `buffer:` make
 * (a buffer's size follows its address), so that `see` can tell them apart. */
#define F_VARIABLE 0x10
#define F_BUFFER 0x20

/* An entry in the log.  The name follows the header, NUL-terminated and
 * padded to 8; the codeword follows the name: the execution token. */
struct entry {
	struct entry *link;
	u8 flags;
	u8 len;
	u16 wordlist;    /* the wordlist it belongs to (wordlist.c) */
	u32 line;        /* line of the definition, 0 when unknown */
	const char *file; /* file of the definition (a string in the log) */
	char name[];
};

#define N_HELPERS 96

/* The global block, two pages at LOG_BASE.  The first holds what changes
 * as the language runs (struct vm, at the page's end).  The second, the
 * fixed page, holds what is set once at start-up and then sealed
 * read-only (and executable) with the prelude that follows it (log_seal):
 * a stray store can then not redirect `throw` or a C call, and the image
 * file maps the two as one (snapshot.c).  Offsets matter to the
 * primitives only through offsetof, so the order of fields is free. */
/* A primitive whose body a superinstruction may copy: xt+8 .. +len.
 * Comparisons note their condition, so that a comparison followed by a
 * branch can become one compare-and-jump. */
struct prim_info {
	u32 xt, len;
	u8 compare;  /* 0, or 1 + the condition code when the flag is true */
	u8 with_zero; /* it compares the top with 0 (0= 0< ...) */
	u8 rstack;   /* what it does to the control stack: enum rstack_use */
	u8 rsi_in_rbx; /* it uses rsi for something else, keeping it in rbx */
};
/* How a primitive uses the control stack.  Inside one body that never
 * matters, but a definition inlined into another loses its own frame (the
 * return address docol would have pushed), so only words that keep to
 * cells they pushed themselves may be inlined (optimize.c). */
enum rstack_use {
	RS_NONE,   /* does not touch it */
	RS_PUSH,   /* >r: one cell more */
	RS_POP,    /* r> rdrop: one cell less, which must be its own */
	RS_PEEK,   /* r@: reads the top cell, which must be its own */
	RS_FRAME,  /* i j unloop rp@ rp!: reads or moves the frame itself */
};
#define MAX_PRIMS 128

struct vm_fixed {
	u64 docol, dovar, docon; /* code addresses of the interpreter routines */
	u64 throw_xt;       /* what a primitive runs to throw vm.pending */
	u64 xt_return_to_c; /* threaded cell that leaves Forth for C */
	u64 enter_forth;    /* machine code C calls to run a word (prims.c) */
	u64 throw_from;     /* code a primitive calls to throw: notes where */
	u64 throw_stub;     /* code a primitive jumps to when a helper raised */
	u64 c_text_start, c_text_end; /* where C code lies, for signal code */
	u64 helpers[N_HELPERS]; /* C helper addresses: start.c fills them in unless the image file holds this binary's */
	u64 n_prims;
	struct prim_info prims[MAX_PRIMS];
	/* the primitives the compiler and optimizer must recognise, found
	 * once: a user's redefinition of "lit" must not change them */
	u64 xt_lit, xt_branch, xt_0branch, xt_exit, xt_squote;
	u64 xt_do, xt_qdo, xt_loop, xt_ploop;
	/* the interpreter routines of data words (create-data, does>),
	 * values and deferred words (prims.c); after the fields above, whose
	 * offsets tools/incant-gdb.py knows */
	u64 dodata, dodoes, doval, do2val, dodefer;
	u64 vm_block;       /* where struct vm lies (VM), for debuggers, */
	u64 vm_end;         /* and where it ends (VM_END) */
};

struct vm {
	u64 pending;        /* error code a C helper asks its primitive to throw */
	u64 save_rsi;       /* C boundary: Forth's rsi during a helper call */
	u64 save_rbp;       /* C boundary: Forth's rbp during a helper call */
	u64 save_rsp;       /* C boundary: Forth's rsp (for debuggers) */
	u64 c_rsp;          /* C's stack while Forth runs under the bootstrap */
	u64 forth_rsp;      /* Forth's stacks while C runs the bootstrap */
	u64 forth_rbp;
	u64 n_lines;        /* records in the line table (error.c) */
	u64 reporting;      /* an error report is being printed */
	u64 names_end;      /* next free byte of the names region */
	u64 data_here;      /* next free byte of the data region */
	u64 sealed_end;     /* the prelude, [LOG_BASE.., sealed_end), is read-only */
	u64 hash_slots;     /* size of the hash index (log.c), a power of 2 */
	u64 hash_used;      /* names in it */
	u64 code_here;      /* next free byte of the superinstruction code */
	u64 colon_sp;       /* the value stack at `:`, checked at `;` */
	u64 throw_site;     /* where a primitive threw from (prims.c) */
	u64 n_pieces;       /* records in the superinstruction map */
	u64 level;          /* text interpreters running, one inside another */
	u64 level_rbp[CSTACK_LEVELS];   /* the rbp each level switched away from */
	u64 level_mapped[CSTACK_LEVELS]; /* its region is writable (mapped lazily) */
	u64 c_caller;       /* the primitive whose C helper runs (faults in C) */
	u64 colon_depth;    /* the source depth at `:` (its file must end it) */
	u64 n_entries;      /* entries made: the length of ENTRIES */
	u64 current;        /* the wordlist definitions go into */
	u64 n_order;        /* wordlists in the search order */
	u64 order[MAX_ORDER];
	u64 n_wordlists;    /* wordlists made, forth-wordlist included */
	u64 fold_case;      /* nonzero: find ignores ASCII case */
	u64 wordlist_names; /* each one's name, or 0: MAX_WORDLISTS cells in
			     * the data region (wordlist.c), so that struct
			     * vm fits a page, which start-up then faults
			     * in once */
	u64 building;       /* a word is being made: from create to the next
			       token, from : to ; (vm.colon_sp is 0 then) */
	u64 deferred_pending; /* bit n-1: signal n waits for a deferred handler */
	u64 deferred_xt;    /* what runs them (lib/signals.e), 0 before it exists */
	u64 c_top;          /* where the next C helper's frames start */
	u64 sig_depth;      /* signal handlers running, one inside another */
	struct sig_frame sig_frames[MAX_SIG_DEPTH];
	/* lib/signals.e's state, which every start writes when it binds
	 * incant's own handlers: the mask, each signal's newest binding and
	 * the records of the first three bindings.  Here, on the page start-
	 * up writes anyway, not on one of the data region's of its own. */
	u64 signal_state[2 + 65 + 3 * 8];
	u64 exit_frame;     /* a catch frame sys-exit throws to instead of exiting */
	u64 exit_status;    /* the status of the exit so thrown */
	/* Standard mode (standard.c): Forth-2012 meanings.  Lookups fold
	 * case (fold_case) and, in forth-wordlist, also see the words of
	 * the standard wordlist (std_wid), the newer of two of a name
	 * winning, as if standard's were defined into forth. */
	u64 standard;       /* nonzero: standard mode is on */
	u64 std_wid;        /* the wordlist `standard` (lib/standard.e) */
	u64 std_names;      /* a filter of its names: bit log.c name_bit() of
			     * each, so most lookups skip it at once */
	/* The process, as start-up found it, for core/glue.e: filled at
	 * every start, just before the language runs (prims.c,
	 * prims_give_process), since an image outlives the C addresses
	 * they hold. */
	u64 script_argc;    /* the script's arguments, its own name first */
	u64 script_argv;
	u64 envp;           /* the environment, a 0-terminated array */
	u64 e_code;         /* the -e options' code, in order (args.h), */
	u64 n_e;            /* how many, */
	u64 next_e;         /* and how many core/top.e has taken */
	u64 script;         /* the script to run, "-" for stdin, 0: the REPL */
	u64 interactive;    /* nonzero: prompts and " ok" */
	u64 profile_option; /* nonzero: --profile */
	/* The variables users hold the addresses of (`here` `latest` `state`
	 * `handler` `superinstructions` `warnings` `base` `>in`), last: a
	 * runaway `fill` or `move` from one of them rewrites only these and
	 * then faults at the sealed fixed page above them, never the state
	 * the fault path and the C boundary rely on (which comes first).  */
	u64 here;           /* variable `here`: next free address of the log */
	u64 latest;         /* variable `latest`: newest entry */
	u64 state;          /* variable `state`: 0 interpreting, -1 compiling */
	u64 handler;        /* variable `handler`: innermost catch frame */
	u64 superinstructions; /* variable: 0 turns the optimizer off */
	u64 warnings;       /* variable `warnings`: 0 silences them */
	u64 base;           /* variable `base`: the radix of numbers read and printed */
	u64 to_in;          /* variable `>in`: the parse position in the input
			     * buffer (text.c keeps it and the source's in step) */
};

/* What sys-exit throws to vm.exit_frame (helpers.c, lib/profile.e): a
 * code from the range the standard leaves to the system (-4095..-256). */
#define EXIT_THROWN (-4095)
/* lib/profile.e copies the C boundary's saved registers as one block. */
_Static_assert(offsetof(struct vm, save_rbp) == offsetof(struct vm, save_rsi) + 8 &&
	       offsetof(struct vm, save_rsp) == offsetof(struct vm, save_rsi) + 16,
	       "save_rsi, save_rbp and save_rsp lie in a row");

/* struct vm ends where the sealed fixed page begins, so a store that
 * runs off its last fields (the user variables) faults at once. */
#define VM_END (LOG_BASE + ((sizeof(struct vm) + PAGE - 1) & ~(PAGE - 1)))
#define VM ((struct vm *)(VM_END - sizeof(struct vm)))
#define VMF ((struct vm_fixed *)VM_END)
/* The prelude, and then the user's definitions, after the fixed page. */
#define PRELUDE_START (VM_END + PAGE)


static inline u64 align8(u64 x) { return (x + 7) & ~7ul; }


_Static_assert(sizeof(struct vm_fixed) <= PAGE, "the fixed block fits its page");
_Static_assert(sizeof(struct vm) <= PAGE, "the changing block fits its page");

_Static_assert(CSTACKC_TOP == VSTACK_BASE && VSTACK_TOP >> 21 == (CSTACKC_TOP - 1) >> 21,
	       "the C stack ends at the value stack's guard, the two tops in one 2 MiB window");

/* tools/incant-gdb.py reads these fields at these offsets (its VM_ and
 * VMF_ constants): a field moved here must move there too. */
#define GDB_OFFSET(s, f, n) _Static_assert(offsetof(struct s, f) == (n), \
	"tools/incant-gdb.py expects " #s "." #f " at " #n)
GDB_OFFSET(vm_fixed, docol, 0);
GDB_OFFSET(vm_fixed, throw_from, 48);
GDB_OFFSET(vm_fixed, c_text_start, 64);
GDB_OFFSET(vm_fixed, prims, 80 + 8 * 96 + 8);
GDB_OFFSET(vm_fixed, vm_block, 80 + 8 * 96 + 8 + 128 * 12 + 14 * 8);
GDB_OFFSET(vm_fixed, vm_end, 80 + 8 * 96 + 8 + 128 * 12 + 15 * 8);
/* the user variables, last in struct vm, from its end */
#define GDB_FROM_END(f, n) _Static_assert(sizeof(struct vm) - offsetof(struct vm, f) == (n), \
	"tools/incant-gdb.py expects vm." #f " " #n " bytes before the end")
GDB_FROM_END(here, 64);
GDB_FROM_END(latest, 56);
GDB_OFFSET(vm, save_rsp, 24);
GDB_OFFSET(vm, c_rsp, 32);
GDB_OFFSET(vm, n_lines, 56);
GDB_OFFSET(vm, code_here, 112);
GDB_OFFSET(vm, n_pieces, 136);
GDB_OFFSET(vm, level, 144);
GDB_OFFSET(vm, level_rbp, 152);
#endif
