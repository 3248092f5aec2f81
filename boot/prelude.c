/* prelude.c - core/, asm/ and lib/ files, embedded with .incbin so that
 * incant runs from any directory and an installed copy needs no data
 * files.  The Makefile rebuilds this file when any of them changes. */
#include "prelude.h"

#define EMBED(sym, path)                                      \
	__asm__(".section .rodata\n"                          \
		".globl " #sym "_start, " #sym "_end\n"       \
		#sym "_start:\n"                              \
		".incbin \"" path "\"\n"                      \
		#sym "_end:\n"                                \
		".previous\n");                               \
	extern const char sym##_start[], sym##_end[];

EMBED(core_core, "core/core.e")
EMBED(asm_amd64, "asm/amd64.e")
EMBED(core_prims, "core/prims.e")
EMBED(core_glue, "core/glue.e")
EMBED(lib_linux, "lib/linux.e")
EMBED(lib_signals, "lib/signals.e")
EMBED(lib_barriers, "lib/barriers.e")
EMBED(lib_faults, "lib/faults.e")
EMBED(lib_disasm, "lib/disasm.e")
EMBED(lib_debug, "lib/debug.e")
EMBED(lib_help, "lib/help.e")
EMBED(lib_numbers, "lib/numbers.e")
EMBED(lib_strings, "lib/strings.e")
EMBED(lib_heap, "lib/heap.e")
EMBED(lib_files, "lib/files.e")
EMBED(lib_system, "lib/system.e")
EMBED(lib_timers, "lib/timers.e")
EMBED(lib_profile, "lib/profile.e")
EMBED(lib_standard, "lib/standard.e")
EMBED(core_top, "core/top.e")

const struct prelude_file prelude[] = {
	{ "core/core.e", core_core_start, core_core_end },
	{ "asm/amd64.e", asm_amd64_start, asm_amd64_end },
	{ "core/prims.e", core_prims_start, core_prims_end },
	{ "core/glue.e", core_glue_start, core_glue_end },
	{ "lib/linux.e", lib_linux_start, lib_linux_end },
	{ "lib/signals.e", lib_signals_start, lib_signals_end },
	{ "lib/barriers.e", lib_barriers_start, lib_barriers_end },
	{ "lib/faults.e", lib_faults_start, lib_faults_end },
	{ "lib/disasm.e", lib_disasm_start, lib_disasm_end },
	{ "lib/debug.e", lib_debug_start, lib_debug_end },
	{ "lib/help.e", lib_help_start, lib_help_end },
	{ "lib/numbers.e", lib_numbers_start, lib_numbers_end },
	{ "lib/strings.e", lib_strings_start, lib_strings_end },
	{ "lib/heap.e", lib_heap_start, lib_heap_end },
	{ "lib/files.e", lib_files_start, lib_files_end },
	{ "lib/system.e", lib_system_start, lib_system_end },
	{ "lib/timers.e", lib_timers_start, lib_timers_end },
	{ "lib/profile.e", lib_profile_start, lib_profile_end },
	{ "lib/standard.e", lib_standard_start, lib_standard_end },
	{ "core/top.e", core_top_start, core_top_end },
	{ 0, 0, 0 },
};
