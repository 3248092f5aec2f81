/* layout.c - the layout constants the language uses, as one table.
 *
 * Every offset, size and flag bit that a .e file needs from a C struct or
 * a kernel struct is a row here, taken from the declaration (offsetof,
 * sizeof, vm.h's F_ bits; the kernel's structs are in sys.h), and start-up defines each as a constant before
 * core/core.e loads.  docs/words.md lists them; tests/seam-constants.bats
 * keeps the bare numbers they replace out of the .e files. */
#include "layout.h"
#include "log.h"

#define OFFSET(name, s, f) { name, offsetof(struct s, f) }
#define SIZE(name, s) { name, sizeof(struct s) }

static const struct layout_constant {
	const char *name;
	u64 value;
} layout_constants[] = {
	/* an entry in the log (vm.h struct entry) and its flag bits */
	OFFSET("entry-flags-offset", entry, flags),
	OFFSET("entry-wordlist-offset", entry, wordlist),
	OFFSET("entry-line-offset", entry, line),
	OFFSET("entry-file-offset", entry, file),
	OFFSET("entry-name-offset", entry, name),
	{ "immediate-flag", F_IMMEDIATE },
	{ "hidden-flag", F_HIDDEN },
	{ "quiet-flag", F_QUIET },
	{ "compile-only-flag", F_COMPILE_ONLY },
	{ "variable-flag", F_VARIABLE },
	{ "buffer-flag", F_BUFFER },
	/* the C boundary's saved rsi, rbp and rsp (vm.h), copied as one block */
	{ "c-boundary-size", offsetof(struct vm, save_rsp) + 8 - offsetof(struct vm, save_rsi) },
	/* what a trampoline notes of a signal (vm.h struct sig_frame) */
	{ "sig-frame-shift", SIG_FRAME_SHIFT },
	OFFSET("sig-frame-uc-offset", sig_frame, uc),
	OFFSET("sig-frame-info-offset", sig_frame, info),
	OFFSET("sig-frame-rsp-offset", sig_frame, rsp),
	OFFSET("sig-frame-rbp-offset", sig_frame, rbp),
	OFFSET("sig-frame-signum-offset", sig_frame, signum),
	OFFSET("sig-frame-c-caller-offset", sig_frame, c_caller),
	OFFSET("sig-frame-c-rsi-offset", sig_frame, c_rsi),
	/* the kernel's signal structs */
	OFFSET("uc-mcontext-offset", k_ucontext, uc_mcontext),
	OFFSET("uc-rip-offset", k_ucontext, uc_mcontext.rip),
	OFFSET("uc-sigmask-offset", k_ucontext, uc_sigmask),
	OFFSET("si-errno-offset", k_siginfo, si_errno),
	OFFSET("si-code-offset", k_siginfo, si_code),
	OFFSET("si-addr-offset", k_siginfo, u.si_addr),
	OFFSET("si-pid-offset", k_siginfo, u.sent.si_pid),
	OFFSET("si-uid-offset", k_siginfo, u.sent.si_uid),
	OFFSET("si-value-offset", k_siginfo, u.sent.si_value),
	SIZE("sigaction-size", k_sigaction),
	OFFSET("sa-flags-offset", k_sigaction, sa_flags),
	OFFSET("sa-restorer-offset", k_sigaction, sa_restorer),
	OFFSET("sa-mask-offset", k_sigaction, sa_mask),
	SIZE("stack-t-size", k_stack),
	OFFSET("ss-flags-offset", k_stack, ss_flags),
	OFFSET("ss-size-offset", k_stack, ss_size),
	{ "sigset-size", SIGSET_SIZE },
	/* files and time */
	SIZE("stat-size", k_stat),
	OFFSET("st-mode-offset", k_stat, st_mode),
	OFFSET("st-size-offset", k_stat, st_size),
	SIZE("timespec-size", k_timespec),
	OFFSET("tv-nsec-offset", k_timespec, tv_nsec),
	/* the end of every primitive */
	{ "next-code", NEXT_CODE },
	{ "next-size", NEXT_SIZE },
};

void layout_define(void)
{
	const char *file = log_name("boot/layout.c"); /* for help */
	for (u64 i = 0; i < sizeof layout_constants / sizeof layout_constants[0]; i++) {
		const struct layout_constant *c = &layout_constants[i];
		log_create(c->name, str_len(c->name), file, 0);
		log_comma(VMF->docon);
		log_comma(c->value);
	}
}
