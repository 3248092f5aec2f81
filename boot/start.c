/* start.c - process start: the command line, memory, the prelude, main.
 *
 * No libc: the kernel enters _start with argc, argv and envp on the stack.
 * We map the log and the stacks at their fixed addresses, load the
 * language from the start-up image (snapshot.c; incant-stage1 builds it
 * from source instead, stage1.c) and hand control to the Forth word
 * `main`, which never comes back. */
#include "vm.h"
#include "log.h"
#include "io.h"
#include "prims.h"
#include "error.h"
#include "lines.h"
#include "args.h"
#include "stage1.h"
#include "snapshot.h"
#include "perfmap.h"
#include "standard.h"
#include "layout.h"

#define VERSION "0.1.0"

struct args args IN_BSS("args");

__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call start_c\n"
	"	hlt\n");

static const char usage_text[] IN_RODATA("usage") =
	"usage: incant [options] [script [args...]]\n"
	"  (no script)   read Forth from standard input: the REPL\n"
	"  script        run a .e file; its arguments are argc/argv\n"
	"  -             run standard input as a script\n"
	"  -e CODE       interpret CODE first (repeatable, in order)\n"
	"  -i            act as an interactive REPL even on a pipe\n"
	"  --std         standard mode: Forth-2012 meanings for -e, the\n"
	"                REPL and scripts (a .fs .fth .4th file is run\n"
	"                in it anyway, a .e file in incant's dialect)\n"
	"  --perf-map    write /tmp/perf-PID.map for profilers (also\n"
	"                INCANT_PERF_MAP=1 in the environment)\n"
	"  --profile     run under the sampling profiler: a table of the\n"
	"                hottest words, profile.folded, profile.svg\n"
	"  -h, --help    this text\n"
	"  --version     print the version\n";

static void usage(void)
{
	out_str(usage_text);
}

static void parse_args(int argc, const char **argv)
{
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (str_eq(a, "-e")) {
			if (i + 1 == argc)
				fatal("-e needs an argument (try --help)");
			if (args.n_e == MAX_E)
				fatal("too many -e options (at most %u)", (u64)MAX_E);
			args.e[args.n_e++] = argv[++i];
		} else if (str_eq(a, "-i")) {
			args.interactive = true;
		} else if (str_eq(a, "--std")) {
			args.standard = true;
		} else if (str_eq(a, "--perf-map")) {
			args.perf_map = true;
		} else if (str_eq(a, "--profile")) {
			args.profile = true;
		} else if (str_eq(a, "-h") || str_eq(a, "--help")) {
			usage();
			exit_flushed(0);
		} else if (str_eq(a, "--version")) {
			out_str("incant " VERSION "\n");
			exit_flushed(0);
		} else if (str_eq(a, "--")) {
			i++;
			break;
		} else if (a[0] == '-' && a[1]) {
			fatal("unknown option %s (try --help)", a);
		} else {
			break;
		}
	}
	if (i < argc) {
		args.script = argv[i];
		args.script_argc = argc - i;
		args.script_argv = argv + i;
	} else {
		args.script_argc = 1;
		args.script_argv = argv;
		if (args.n_e == 0 && fd_is_tty(0))
			args.interactive = true;
	}
	if (args.script)
		args.interactive = false;
}

/* Is the environment variable `name` set to something other than "" or
 * "0"?  (For what a #! line cannot pass as an option.) */
static bool env_on(const char **envp, const char *name)
{
	u64 n = str_len(name);
	for (; *envp; envp++) {
		const char *v = *envp;
		if (memcmp(v, name, n) == 0 && v[n] == '=')
			return v[n + 1] && !str_eq(v + n + 1, "0");
	}
	return false;
}

/* The value of auxiliary vector entry `type`, which follows the
 * environment's NULL (the x86-64 psABI, 3.4.1), in *value; false if the
 * kernel gave none. */
#define AT_EUID 12 /* include/uapi/linux/auxvec.h */
#define AT_EXECFN 31
static bool aux_value(const char **envp, u64 type, u64 *value)
{
	while (*envp)
		envp++;
	for (const u64 *aux = (const u64 *)(envp + 1); aux[0]; aux += 2)
		if (aux[0] == type) {
			*value = aux[1];
			return true;
		}
	return false;
}

/* A stack's usable part, mapped writable where nothing is yet.  Its
 * guards, below and above, are left unmapped: a stray access there
 * faults as it would in an inaccessible mapping, and the kernel places
 * mappings of its own choosing far above (the stack, mmap(NULL, ...)).
 * Five fresh mappings cost a start-up less than one reservation cut into
 * eleven pieces by mprotect, and leave exit less to undo.  The nested
 * control stacks (vm.h) are mapped the same way, by (interpret-enter),
 * when a level first needs one. */
/* Stop, saying what could not be mapped where and why, if err says a
 * mapping failed. */
static void check_mapped(i64 err, const char *what, u64 at)
{
	if (err) {
		char why[80];
		errno_describe(err, why, sizeof why);
		fatal("cannot map %s at 0x%x: %s", what, at, why);
	}
}

static void map_stack(u64 base, u64 size, const char *what)
{
	check_mapped(map_at(base + GUARD_SIZE, size, PROT_READ | PROT_WRITE), what,
		     base + GUARD_SIZE);
}

static void map_stacks(void)
{
	map_stack(VSTACK_BASE, VSTACK_SIZE, "the value stack");
	map_stack(CSTACK_BASE, CSTACK_SIZE, "the control stack");
	map_stack(SIGSTACK_BASE, SIGSTACK_SIZE, "the signal stack");
	map_stack(ESTACK_BASE, ESTACK_SIZE, "the emergency control stack");
	map_stack(CSTACKC_BASE, CSTACKC_SIZE, "the C stack");
}

/* incant carries the image incant-stage1 built (image.c); incant-stage1
 * builds the language from source instead (stage1.c). */
extern const u8 boot_image_start[] __attribute__((weak));
extern const u8 boot_image_end[] __attribute__((weak));

extern char __executable_start[], etext[];

/* What the global block's fixed page holds of this binary: its C
 * helpers' addresses and where its C text lies.  An image file this
 * binary wrote (incant --write-image, which the build runs) holds them
 * already, and its page, mapped read-only with the prelude, is only read:
 * no copy of it is made, and it needs no sealing.  Any other image gets
 * them written. */
static bool fixed_page_current(void)
{
	return VMF->c_text_start == (u64)__executable_start &&
	       VMF->c_text_end == (u64)etext && prims_helpers_current();
}

static void fill_fixed_page(void)
{
	VMF->c_text_start = (u64)__executable_start;
	VMF->c_text_end = (u64)etext;
	prims_refresh_helpers();
}

/* What belongs to this process, not to the image: the stacks' tops, the
 * control stack levels (none mapped yet). */
static void reset_machine(void)
{
	VM->forth_rsp = VSTACK_TOP;
	VM->forth_rbp = CSTACK_TOP;
	VM->c_top = CSTACKC_TOP;
	/* the image was written with the build's regions mapped: here none is */
	VM->level = 0;
	memset(VM->level_mapped, 0, sizeof VM->level_mapped);
}

/* The log and its regions, around the n mappings of the image file in
 * taken. */
static void map_regions(const struct span *taken, int n)
{
	i64 err = log_map(taken, n);
	if (!err && n)
		err = log_need_in_use();
	check_mapped(err, "the log and its regions", XTMAP_BASE);
}

static bool fixed_page_sealed; /* mapped read-only, and left so */

/* Build the language: from the image when there is one (mapped from the
 * image file, true, or decompressed), else by emitting the primitives and
 * interpreting the prelude. */
static bool build_language(void)
{
	bool mapped = false;
	if (stage1_build) {
		map_regions(0, 0);
		/* the prelude starts on a page of its own after the fixed
		 * page, so that the two can be sealed together (log_seal)
		 * while the changing page stays writable; the image holds
		 * these as they are made here */
		VM->here = PRELUDE_START;
		VMF->vm_block = (u64)VM;
		VMF->vm_end = VM_END;
		VM->superinstructions = 1;
		VM->base = 10;
		fill_fixed_page();
		reset_machine();
		stage1_build();
	} else {
		u64 size = (u64)(boot_image_end - boot_image_start);
		struct span taken[SNAPSHOT_MAPS] = { { 0, 0, 0 } };
		int n = boot_image_start ? snapshot_map(boot_image_start, size, taken) : 0;
		mapped = n > 0;
		/* the changing page of the global block is written before
		 * anything reads it: read first, it would fault twice (mapped
		 * from the file, then copied on the write) */
		if (mapped) {
			fixed_page_sealed = fixed_page_current();
			if (!fixed_page_sealed) {
				check_mapped(sys3(SYS_mprotect, (i64)VMF, (i64)PAGE,
						  PROT_READ | PROT_WRITE),
					     "the global block", (u64)VMF);
				fill_fixed_page();
			}
			reset_machine();
		}
		map_regions(taken, n);
		if (!mapped) {
			if (!boot_image_start || !snapshot_load(boot_image_start, size))
				fatal("the embedded prelude image is damaged");
			/* what it uses of them: its records left the zeros out */
			check_mapped(log_need_in_use(), "the regions the prelude uses", XTMAP_BASE);
			fill_fixed_page();
			reset_machine();
		}
	}
	VM->warnings = 1; /* the prelude redefines nothing; users are told */
	return mapped;
}

void start_c(u64 *sp);
void start_c(u64 *sp)
{
	int argc = (int)sp[0];
	const char **argv = (const char **)(sp + 1);
	args.envp = argv + argc + 1; /* after argv's NULL (the x86-64 psABI, 3.4.1) */
	u64 v = 0;
	args.execfn = aux_value(args.envp, AT_EXECFN, &v) ? (const char *)v : 0;
	args.euid = aux_value(args.envp, AT_EUID, &v) ? v : (u64)sys0(SYS_geteuid);
	io_hold_std_fds();
	out_init();
	/* the reference's rows for the words C makes (incant-stage1 only:
	 * tests/seam.bats) */
	if (stage1_list_prims && argc == 2 && str_eq(argv[1], "--list-prims")) {
		stage1_list_prims();
		exit_flushed(0);
	}
	/* the build's own step: incant-stage1 --write-snapshot IMAGE FILE */
	bool write_image = stage1_write_image && argc == 4 &&
			   str_eq(argv[1], "--write-snapshot");
	/* incant's: incant --write-image FILE, the image file for this
	 * binary (the build's step after linking, Makefile) */
	bool write_file = !stage1_build && argc == 3 && str_eq(argv[1], "--write-image");
	if (!write_image && !write_file) {
		parse_args(argc, argv);
		args.perf_map |= env_on(argv + argc + 1, "INCANT_PERF_MAP");
	}
	map_stacks();
	bool mapped = build_language();
	if (write_image) {
		if (!stage1_write_image(argv[2], argv[3]))
			fatal("cannot write %s and %s", argv[2], argv[3]);
		exit_flushed(0);
	}
	if (write_file) {
		VM->c_rsp = 0; /* as stage1_write_image leaves it */
		if (!snapshot_write_file(argv[2], boot_image_start,
					 (u64)(boot_image_end - boot_image_start)))
			fatal("cannot write %s", argv[2]);
		exit_flushed(0);
	}
	if (args.perf_map)
		perfmap_start();
	log_seal(mapped, fixed_page_sealed);
	if (args.standard)
		standard_set(true);
	prims_give_process();
	prims_run(prims_xt("main"));
	exit_flushed(0);
}
