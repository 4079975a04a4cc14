/* status.c: status strings and the single error-raising function (see status.h). */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *
fc_strerror(fc_status st)
{
    switch (st) {
    case FC_OK: return "success";
    case FC_EINVAL: return "invalid argument";
    case FC_EDATA: return "bad input data";
    case FC_EIO: return "input/output error";
    case FC_ENOMEM: return "out of memory";
    case FC_EDOM: return "argument outside the domain of a function";
    case FC_ENOCONV: return "no convergence";
    case FC_EGSL: return "numerical library failure";
    case FC_EUSAGE: return "usage error";
    case FC_ELIMIT: return "input exceeds a limit";
    }
    return "unknown status";
}

void
fc_err_clear(fc_err *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

fc_status
fc_err_raise(fc_err *err, fc_status st, const char *path, size_t line, size_t col,
             const char *src_file, int src_line, const char *fmt, ...)
{
    va_list ap;

    if (err == NULL || err->status != FC_OK || st == FC_OK)
        return st;
    err->status = st;
    err->line = line;
    err->col = col;
    err->src_file = src_file;
    err->src_line = src_line;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return st;
}

int
fc_status_exit_code(fc_status st)
{
    switch (st) {
    case FC_OK: return 0;
    case FC_EUSAGE: return 2;
    case FC_EDATA: case FC_ELIMIT: return 3;
    case FC_EIO: return 4;
    default: return 1;
    }
}
