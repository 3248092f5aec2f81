/* sys.h - raw Linux system calls for x86-64, and the kernel constants boot/ uses.
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
#define SYS_fcntl 72
#define SYS_fsync 74
#define SYS_rename 82
#define SYS_mkdir 83
#define SYS_unlink 87
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
#define MAP_ANONYMOUS 0x20
#define MAP_NORESERVE 0x4000
#define MAP_FIXED_NOREPLACE 0x100000
#define MREMAP_MAYMOVE 1

#define O_RDONLY 0
#define O_WRONLY 1
#define O_CREAT 0100
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_DIRECTORY 0200000
#define O_CLOEXEC 02000000
#define AT_FDCWD (-100)
#define TCGETS 0x5401
#define F_GETFD 1 /* include/uapi/asm-generic/fcntl.h */

#define EINTR 4
#define EIO 5
#define EBADF 9
#define EAGAIN 11
#define EFBIG 27

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
