/* status.h: the status codes and the error record shared by every layer of Fulcrum.
 *
 * Modelled on GSL's gsl_errno.h (one enum, one strerror) and cairo's sticky status: a run
 * carries one fc_err, the first error raised wins and later ones never overwrite it.
 */
#ifndef FC_MODELS_STATUS_H
#define FC_MODELS_STATUS_H

#include <stddef.h>

typedef enum fc_status {
    FC_OK = 0,
    FC_EINVAL,  /* caller bug: bad argument */
    FC_EDATA,   /* bad input values or schema */
    FC_EIO,     /* file or output failure */
    FC_ENOMEM,  /* out of memory */
    FC_EDOM,    /* maths outside its domain */
    FC_ENOCONV, /* no convergence */
    FC_EGSL,    /* other GSL failure */
    FC_EUSAGE,  /* command-line misuse (engine only) */
    FC_ELIMIT   /* an input exceeds a documented limit */
} fc_status;

#define FC_ERR_MSG_MAX 512
#define FC_ERR_PATH_MAX 512

typedef struct fc_err {
    fc_status status;          /* FC_OK while no error has been raised */
    char msg[FC_ERR_MSG_MAX];  /* lower case, no final full stop */
    char path[FC_ERR_PATH_MAX];/* input file, "" when none */
    size_t line;               /* 1-based line in path, 0 = none */
    size_t col;                /* 1-based field (column) number, 0 = none */
    const char *src_file;      /* __FILE__ where raised (shown in debug builds) */
    int src_line;              /* __LINE__ where raised */
} fc_err;

/* Returns a static English description of st. */
const char *fc_strerror(fc_status st);

/* Resets err to "no error". Accepts NULL. */
void fc_err_clear(fc_err *err);

/* Raises an error: records it in err unless err already holds one (the first error wins) and
 * returns st, so that "return FC_FAIL(err, FC_EDATA, ...)" works. err may be NULL. path may be
 * NULL; line and col are 0 when unknown. This is the one place to break in a debugger. */
fc_status fc_err_raise(fc_err *err, fc_status st, const char *path, size_t line, size_t col,
                       const char *src_file, int src_line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

#define FC_FAIL(err, st, ...) \
    fc_err_raise((err), (st), NULL, 0, 0, __FILE__, __LINE__, __VA_ARGS__)
#define fc_err_at(err, st, path, line, col, ...) \
    fc_err_raise((err), (st), (path), (line), (col), __FILE__, __LINE__, __VA_ARGS__)

/* Exit code that main() uses for a status: 0 ok, 1 model or runtime failure, 2 usage,
 * 3 input data, 4 I/O. */
int fc_status_exit_code(fc_status st);

#endif /* FC_MODELS_STATUS_H */
