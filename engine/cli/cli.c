/* cli.c: the subcommand table and option-value helpers shared by the subcommands. */
#include "engine/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const fc_cmd *const fc_cmds[] = {
    &fc_cmd_def_project,
    &fc_cmd_def_run,
    &fc_cmd_def_check,
    &fc_cmd_def_verify,
    &fc_cmd_def_need,
    &fc_cmd_def_activity,
    &fc_cmd_def_standardise,
    &fc_cmd_def_finance,
    &fc_cmd_def_shift,
    &fc_cmd_def_icers,
    &fc_cmd_def_psa,
    &fc_cmd_def_pbma,
    &fc_cmd_def_appendix,
    &fc_cmd_def_columns,
    NULL,
};

const char fc_help_about[] =
    "Fulcrum projects population, need, activity and money for health and social\n"
    "care strategic plans, and ranks investment options (PBMA).\n";

const char fc_help_exit[] =
    "  0    success\n"
    "  1    model or runtime failure; `verify`: an output was not reproduced\n"
    "  2    usage error (bad command line)\n"
    "  3    bad input data (the message names file:line:column)\n"
    "  4    input/output error (cannot read an input or write an output)\n"
    "  130  interrupted (SIGINT; 143 for SIGTERM); no output is left behind\n";

const fc_cmd *
fc_cmd_find(const char *name)
{
    for (size_t i = 0; fc_cmds[i]; i++)
        if (strcmp(fc_cmds[i]->name, name) == 0)
            return fc_cmds[i];
    return NULL;
}

fc_status
fc_opt_double(const char *opt, const char *val, double *out, fc_err *err)
{
    fc_num_status ns;
    char q[48];
    double v;

    if (val == NULL)
        return FC_FAIL(err, FC_EUSAGE, "option '%s' needs a value", opt);
    if ((ns = fc_number(val, &v)) != FC_NUM_OK)
        return FC_FAIL(err, FC_EUSAGE, "option '%s': '%s' %s", opt, fc_show(val, q, sizeof q),
                       fc_number_why(ns));
    *out = v;
    return FC_OK;
}

fc_status
fc_opt_long(const char *opt, const char *val, long lo, long hi, long *out, fc_err *err)
{
    char *end;
    long v;

    if (val == NULL)
        return FC_FAIL(err, FC_EUSAGE, "option '%s' needs a value", opt);
    errno = 0;
    v = strtol(val, &end, 10);
    if (end == val || *end != '\0' || errno == ERANGE)
        return FC_FAIL(err, FC_EUSAGE, "option '%s': '%s' is not an integer", opt, val);
    if (v < lo || v > hi)
        return FC_FAIL(err, FC_EUSAGE, "option '%s': %ld is outside %ld..%ld", opt, v, lo, hi);
    *out = v;
    return FC_OK;
}
