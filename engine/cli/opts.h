/* opts.h: the one option parser of every command. A command describes its options in a table
 * (name, type, destination, range) and fc_opts_parse fills the destinations, so parsing,
 * ranges and the usage messages are written once (getopt_long underneath: `--name value`,
 * `--name=value`, short aliases, options and arguments in any order).
 */
#ifndef FC_ENGINE_CLI_OPTS_H
#define FC_ENGINE_CLI_OPTS_H

#include <stddef.h>

#include "models/status.h"

typedef enum fc_opt_type {
    FC_OPT_STR,    /* const char **dst: the value (borrowed from argv) */
    FC_OPT_LONG,   /* long *dst: a whole number in [lo, hi] */
    FC_OPT_INT,    /* int *dst: a whole number in [lo, hi] */
    FC_OPT_DOUBLE, /* double *dst: a finite number, in [min, max] when min < max */
    FC_OPT_FLAG,   /* int *dst: set to 1; takes no value */
    FC_OPT_SET,    /* int *dst: set to lo; takes no value (e.g. -q and -v setting one level) */
    FC_OPT_CHOICE, /* int *dst: values[i] (or i) for the i-th of `choices` */
    FC_OPT_CALL,   /* fn(ctx, "--name", value, err): repeatable options, checks of their own */
    FC_OPT_ACT     /* fn(ctx, "--name", NULL, err); takes no value */
} fc_opt_type;

typedef fc_status (*fc_opt_fn)(void *ctx, const char *opt, const char *val, fc_err *err);

/* One option. A table ends with an entry whose name is NULL. */
typedef struct fc_opt {
    const char *name;    /* long name without the dashes */
    fc_opt_type type;
    void *dst;           /* where the value goes (see the types) */
    long lo, hi;         /* LONG, INT: the accepted range; SET: the value stored */
    const char *choices; /* CHOICE: "half,end"; aliases of one choice with '/': "cd/coale-demeny" */
    const int *values;   /* CHOICE: the value of each choice, or NULL for its position */
    char shortname;      /* a one-letter alias (-j), or 0 */
    fc_opt_fn fn;        /* CALL */
    void *ctx;           /* CALL: fn's first argument */
    double min, max;     /* DOUBLE: the accepted range, when min < max */
    int *seen;           /* when not NULL, incremented each time the option is given */
} fc_opt;

/* Table entries (designated, so that the fields left out are zero). Each checks its
 * destination's type: `1 ? (d) : (T *)0` does not compile (-Werror) when d is not a T *. */
#define FC_OPT_DST_(d, T) ((void *)(1 ? (d) : (T *)0))
#define FC_OPT_STR_(n, d) {.name = (n), .type = FC_OPT_STR, .dst = FC_OPT_DST_(d, const char *)}
#define FC_OPT_INT_(n, d, l, h) {.name = (n), .type = FC_OPT_INT, .dst = FC_OPT_DST_(d, int), \
                                 .lo = (l), .hi = (h)}
#define FC_OPT_LONG_(n, d, l, h) {.name = (n), .type = FC_OPT_LONG, .dst = FC_OPT_DST_(d, long), \
                                  .lo = (l), .hi = (h)}
#define FC_OPT_DOUBLE_(n, d) {.name = (n), .type = FC_OPT_DOUBLE, .dst = FC_OPT_DST_(d, double)}
#define FC_OPT_RANGE_(n, d, l, h) {.name = (n), .type = FC_OPT_DOUBLE, \
                                   .dst = FC_OPT_DST_(d, double), .min = (l), .max = (h)}
#define FC_OPT_FLAG_(n, d) {.name = (n), .type = FC_OPT_FLAG, .dst = FC_OPT_DST_(d, int)}
/* (an enum's storage is an int's or an unsigned int's: dst is left unchecked) */
#define FC_OPT_CHOICE_(n, d, c, v) {.name = (n), .type = FC_OPT_CHOICE, .dst = (d), .choices = (c), \
                                    .values = (v)}
#define FC_OPT_CALL_(n, f, c) {.name = (n), .type = FC_OPT_CALL, .fn = (f), .ctx = (c)}
#define FC_OPT_ACT_(n, f, c) {.name = (n), .type = FC_OPT_ACT, .fn = (f), .ctx = (c)}
#define FC_OPT_END {.name = NULL}

/* Parses argv[1..argc-1] (argv[0] is the command) against opts: each option given fills its
 * destination in the order given (a later one wins, CALL sees every one); the other arguments
 * go, in order, to pos[0..*npos-1], at most maxpos of them (pos may be NULL when maxpos is 0).
 * Returns FC_EUSAGE naming the option or argument: an unknown option, a missing value, a value
 * that is not a number or outside its range, a choice not listed, an unexpected argument; or
 * what a CALL returned. FC_ENOMEM. */
fc_status fc_opts_parse(int argc, char **argv, const fc_opt opts[], const char **pos,
                        size_t maxpos, size_t *npos, fc_err *err);

#endif /* FC_ENGINE_CLI_OPTS_H */
