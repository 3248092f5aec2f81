/* args.h - the command line, as start.c found it. */
#ifndef INCANT_ARGS_H
#define INCANT_ARGS_H

#include "sys.h"

#define MAX_E 64

struct args {
	const char *e[MAX_E];   /* -e code, in order */
	int n_e;
	const char *script;     /* 0: the REPL; "-": standard input */
	int script_argc;        /* the script's own arguments, name first */
	const char **script_argv;
	bool interactive;       /* prompts and " ok" */
	bool perf_map;          /* write /tmp/perf-PID.map (perfmap.c) */
	bool standard;          /* --std: start in standard mode (standard.c) */
	bool profile;           /* run under `profile` (lib/profile.e) */
	const char **envp;      /* the environment, NULL-terminated */
	const char *execfn;     /* the path execve ran (AT_EXECFN), or 0 */
	u64 euid;               /* the effective user (AT_EUID, else geteuid) */
};

extern struct args args;

#endif
