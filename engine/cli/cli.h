/* cli.h: the subcommand table and shared command-line helpers.
 *
 * Each subcommand parses its own options (argv[0] is the subcommand name) and runs. It
 * returns FC_OK or a status with err set; FC_EUSAGE for misuse, which main() reports with a
 * short usage line and exit code 2. Only main.c prints errors and warnings.
 */
#ifndef FC_ENGINE_CLI_H
#define FC_ENGINE_CLI_H

#include "engine/io/csvin.h"
#include "models/status.h"

typedef fc_status (*fc_cmd_fn)(int argc, char **argv, fc_warnings *warn, fc_err *err);

typedef struct fc_cmd {
    const char *name;    /* e.g. "project" */
    fc_cmd_fn fn;
    const char *summary; /* one line for `fulcrum --help` */
    const char *usage;   /* the synopsis line(s) */
    const char *help;    /* full help text printed by `fulcrum CMD --help` (stdout) */
} fc_cmd;

/* The table of subcommands (NULL-terminated, in engine/cli/cli.c) and lookup by name. Each
 * subcommand's file defines its own `const fc_cmd fc_cmd_def_<name>`. */
extern const fc_cmd *const fc_cmds[];
const fc_cmd *fc_cmd_find(const char *name);

/* Option helpers for subcommands: parse a number / integer option value, raising FC_EUSAGE
 * naming the option. */
fc_status fc_opt_double(const char *opt, const char *val, double *out, fc_err *err);
fc_status fc_opt_long(const char *opt, const char *val, long lo, long hi, long *out, fc_err *err);

/* The program's own help texts (for `fulcrum --help` and the man page, tools/mkman.c): what
 * Fulcrum does, and its exit codes with their meanings. */
extern const char fc_help_about[];
extern const char fc_help_exit[];

/* Subcommand definitions, each in its own engine file (add yours here and in cli.c). */
extern const fc_cmd fc_cmd_def_project;  /* engine/projection/project.c */
extern const fc_cmd fc_cmd_def_run;      /* engine/chain/batch.c */
extern const fc_cmd fc_cmd_def_check;    /* engine/chain/check.c */
extern const fc_cmd fc_cmd_def_verify;   /* engine/chain/verify.c */
extern const fc_cmd fc_cmd_def_icers;    /* engine/pbma/pbma.c */
extern const fc_cmd fc_cmd_def_psa;      /* engine/pbma/pbma.c */
extern const fc_cmd fc_cmd_def_pbma;     /* engine/pbma/pbma.c */
extern const fc_cmd fc_cmd_def_appendix; /* engine/appendix/appendix.c */
extern const fc_cmd fc_cmd_def_columns;  /* engine/io/columns.c */
extern const fc_cmd fc_cmd_def_need;     /* engine/activity/activity.c */
extern const fc_cmd fc_cmd_def_activity; /* engine/activity/activity.c */
extern const fc_cmd fc_cmd_def_standardise; /* engine/standardise/standardise.c */
extern const fc_cmd fc_cmd_def_finance;  /* engine/finance/finance.c */
extern const fc_cmd fc_cmd_def_shift;    /* engine/finance/finance.c */

#endif /* FC_ENGINE_CLI_H */
