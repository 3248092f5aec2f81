/* sys.h - raw Linux system calls for x86-64, and the kernel constants and
 * structs boot/ uses.
 *
 * One inline wrapper per argument count.  The kernel takes the call number in
 * rax and arguments in rdi, rsi, rdx, r10, r8, r9; it clobbers rcx (return
 * rip) and r11 (rflags), and may read or write any memory we pass it.
 * Reference: arch/x86/entry/entry_64.S in the kernel. */
#ifndef INCANT_SYS_H
#define INCANT_SYS_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint64_t u64;
typedef int64_t i64;
typedef uint32_t u32;
typedef int32_t i32;
typedef uint8_t u8;
typedef uint16_t u16;

/* A constant table that stays with the other constants, in the code's
 * segment.  -mlarge-data-threshold (Makefile) would put it in .lrodata,
 * which the linker places after .lbss, in a segment of its own: one more
 * mapping for exec to make, and a page fault for a table start-up reads. */
#define IN_RODATA(name) __attribute__((section(".rodata." name)))
/* The same for an array every start-up writes: kept in .bss, on the page
 * the small variables share, instead of on a page of its own in .lbss. */
#define IN_BSS(name) __attribute__((section(".bss." name)))

/* System call numbers: arch/x86/entry/syscalls/syscall_64.tbl */
#define SYS_read 0
#define SYS_write 1
#define SYS_close 3
#define SYS_fstat 5
#define SYS_poll 7
#define SYS_mmap 9
#define SYS_mprotect 10
#define SYS_munmap 11
#define SYS_mremap 25
#define SYS_rt_sigaction 13
#define SYS_rt_sigprocmask 14
#define SYS_ioctl 16
#define SYS_getpid 39
#define SYS_fsync 74
#define SYS_rename 82
#define SYS_mkdir 83
#define SYS_unlink 87
#define SYS_readlink 89
#define SYS_geteuid 107
#define SYS_tkill 200
#define SYS_getdents64 217
#define SYS_exit_group 231
#define SYS_openat 257
#define SYS_newfstatat 262

/* include/uapi/asm-generic/mman-common.h, mman.h */
#define PROT_NONE 0
#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_PRIVATE 0x02
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1

#define O_RDONLY 0
#define O_WRONLY 1
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_NOCTTY 0400
#define O_NOFOLLOW 0400000
#define O_DIRECTORY 0200000
#define O_CLOEXEC 02000000
#define AT_FDCWD (-100)
#define TCGETS 0x5401

#define ENOENT 2
#define EEXIST 17
#define EINTR 4
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define EFBIG 27
#define ENAMETOOLONG 36

/* ---- the kernel's structs, x86-64 ----
 * Transcribed from the uapi headers named beside each; only the fields
 * incant reads are spelt out.  layout.c gives the language their
 * offsets. */

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
/* st_mode's file type (include/uapi/linux/stat.h) */
#define S_IFMT 0170000
#define S_IFREG 0100000
#define S_IFDIR 0040000

/* struct timespec (include/uapi/linux/time_types.h, __kernel_timespec) */
struct k_timespec {
	i64 tv_sec, tv_nsec;
};

/* rt_sigaction and rt_sigprocmask take the size of the signal set and
 * refuse any other. */
#define SIGSET_SIZE 8

/* The transcriptions checked against the offsets the kernel documents. */
_Static_assert(offsetof(struct k_ucontext, uc_mcontext) == 40, "uc_mcontext");
_Static_assert(offsetof(struct k_ucontext, uc_mcontext.rip) == 168, "uc_mcontext.rip");
_Static_assert(offsetof(struct k_ucontext, uc_sigmask) == 296, "uc_sigmask");
_Static_assert(sizeof(struct k_sigcontext) == 256, "struct sigcontext");
_Static_assert(offsetof(struct k_siginfo, u.sent.si_value) == 24, "si_value");
_Static_assert(offsetof(struct k_siginfo, u.si_addr) == 16, "si_addr");
_Static_assert(sizeof(struct k_sigaction) == 32, "struct sigaction");
_Static_assert(sizeof(struct k_stack) == 24, "stack_t");
_Static_assert(sizeof(struct k_stat) == 144, "struct stat");
_Static_assert(offsetof(struct k_stat, st_size) == 48, "st_size");

static inline i64 sys0(i64 n)
{
	i64 r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n) : "rcx", "r11", "memory");
	return r;
}

static inline i64 sys1(i64 n, i64 a)
{
	i64 r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a)
			 : "rcx", "r11", "memory");
	return r;
}

static inline i64 sys2(i64 n, i64 a, i64 b)
{
	i64 r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b)
			 : "rcx", "r11", "memory");
	return r;
}

static inline i64 sys3(i64 n, i64 a, i64 b, i64 c)
{
	i64 r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return r;
}

static inline i64 sys4(i64 n, i64 a, i64 b, i64 c, i64 d)
{
	i64 r;
	register i64 r10 __asm__("r10") = d;
	__asm__ volatile("syscall" : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10)
			 : "rcx", "r11", "memory");
	return r;
}

static inline i64 sys6(i64 n, i64 a, i64 b, i64 c, i64 d, i64 e, i64 f)
{
	i64 r;
	register i64 r10 __asm__("r10") = d;
	register i64 r8 __asm__("r8") = e;
	register i64 r9 __asm__("r9") = f;
	__asm__ volatile("syscall" : "=a"(r)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
			   "r"(r9)
			 : "rcx", "r11", "memory");
	return r;
}

_Noreturn static inline void sys_exit(int status)
{
	for (;;)
		sys1(SYS_exit_group, status);
}

/* mem.c: the few functions gcc may call even in freestanding code. */
void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t str_len(const char *s);
bool str_eq(const char *a, const char *b);

#endif
