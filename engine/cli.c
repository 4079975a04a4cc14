/* cli.c: the subcommand table and option-value helpers shared by the subcommands. */
#include "engine/cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const fc_cmd *const fc_cmds[] = {
    &fc_cmd_def_project,
    &fc_cmd_def_run,
    &fc_cmd_def_need,
    &fc_cmd_def_activity,
    &fc_cmd_def_icers,
    &fc_cmd_def_psa,
    &fc_cmd_def_pbma,
    &fc_cmd_def_appendix,
    NULL,
};

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
    char *end;
    double v;

    if (val == NULL)
        return FC_FAIL(err, FC_EUSAGE, "option '%s' needs a value", opt);
    errno = 0;
    v = strtod(val, &end);
    if (end == val || *end != '\0' || errno == ERANGE || !isfinite(v))
        return FC_FAIL(err, FC_EUSAGE, "option '%s': '%s' is not a number", opt, val);
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
