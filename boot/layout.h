/* layout.h - the layouts C and the language share, declared once.
 *
 * The .e files read C's entries and signal frames, and the kernel's
 * signal, stat and time structs, by offset.  Those offsets are named here
 * (layout.c exports each as a constant before core/core.e loads), so no .e
 * file carries a bare 24 or 168, and the C code that reads the same
 * structs (error.c) uses the same declarations.
 *
 * The kernel's structs, x86-64, transcribed from the uapi headers named
 * beside each; only the fields incant reads are spelt out. */
#ifndef INCANT_LAYOUT_H
#define INCANT_LAYOUT_H

#include "vm.h"

/* struct sigaction as rt_sigaction(2) takes it: the kernel's
 * (arch/x86/include/asm/signal.h, struct sigaction with
 * __ARCH_HAS_SA_RESTORER), not libc's. */
struct k_sigaction {
	u64 sa_handler;
	u64 sa_flags;
	u64 sa_restorer;
	u64 sa_mask;
};

/* stack_t (include/uapi/asm-generic/signal.h) */
struct k_stack {
	u64 ss_sp;
	i32 ss_flags;
	u64 ss_size;
};

/* struct sigcontext (arch/x86/include/uapi/asm/sigcontext.h), the
 * registers in the kernel's order: a register's index there is its cell
 * in uc_mcontext (lib/signals.e uc-reg). */
struct k_sigcontext {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;
	u64 reserved[8];
};

/* struct ucontext (arch/x86/include/uapi/asm/ucontext.h) */
struct k_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct k_stack uc_stack;
	struct k_sigcontext uc_mcontext;
	u64 uc_sigmask;
};

/* siginfo_t (include/uapi/asm-generic/siginfo.h): three ints, then a
 * union whose members incant reads lie at these places: si_addr for a
 * fault; si_pid, si_uid for a signal sent; si_value for sigqueue and
 * POSIX timers (whose si_tid and si_overrun share pid's and uid's). */
struct k_siginfo {
	i32 si_signo, si_errno, si_code;
	union {
		u64 si_addr;
		struct {
			i32 si_pid;
			u32 si_uid;
			u64 si_value;
		} sent;
	} u;
};

/* struct stat for x86-64 (arch/x86/include/uapi/asm/stat.h) */
struct k_stat {
	u64 st_dev, st_ino, st_nlink;
	u32 st_mode, st_uid, st_gid, pad0;
	u64 st_rdev;
	i64 st_size, st_blksize, st_blocks;
	u64 times[6]; /* atime, mtime, ctime: seconds and nanoseconds */
	i64 unused[3];
};

/* struct timespec (include/uapi/linux/time_types.h, __kernel_timespec) */
struct k_timespec {
	i64 tv_sec, tv_nsec;
};

/* The sizes the kernel checks: rt_sigaction and rt_sigprocmask take the
 * size of the signal set and refuse any other. */
#define SIGSET_SIZE 8

/* NEXT, the end of every primitive: lodsq (48 ad) ; jmp [rax] (ff 20).
 * Its four bytes read as a little-endian 32-bit number, for code that
 * appends it or looks for it (core/core.e `;asm`, lib/disasm.e). */
#define NEXT_CODE 0x20ffad48u
#define NEXT_SIZE 4

/* Define the constants of the table (layout.c) in the dictionary. */
void layout_define(void);

#endif
