/* axis.h: scales, "nice" ticks and tick-label formatting for Fulcrum charts (no Cairo).
 *
 * Method: tick steps are 1, 2, 2.5 or 5 times a power of ten chosen so that at most a target
 * number of ticks cover the data (Heckbert, "Nice numbers for graph labels", Graphics Gems,
 * 1990). Log axes tick at decades (adding 2 and 5 when fewer than three decades show). Year
 * axes tick at whole years in steps of 1, 2, 5, 10, 20, 25 or 50. Labels never use the C
 * locale: thousands are separated by ',' and negative numbers take a true minus sign (U+2212).
 */
#ifndef FC_PLOTS_AXIS_H
#define FC_PLOTS_AXIS_H

#include <stddef.h>

#include "models/status.h"

#define FC_AXIS_MAX_TICKS 64
#define FC_AXIS_LABEL_MAX 48

typedef enum fc_axis_kind { FC_AXIS_LINEAR = 0, FC_AXIS_LOG } fc_axis_kind;

/* How values are written as labels. */
typedef enum fc_axis_fmt_kind {
    FC_FMT_NUMBER = 0, /* 1,234,567 (thousands separators) */
    FC_FMT_GBP,        /* £850k, £1.25m, £2.4bn (one suffix per axis) */
    FC_FMT_PERCENT,    /* values are fractions: 0.25 -> 25% */
    FC_FMT_YEAR,       /* 2031 (no separator) */
    FC_FMT_FYEAR       /* financial year starting in the value: 2025 -> 2025/26 */
} fc_axis_fmt_kind;

/* A continuous scale mapping the data interval [d0, d1] onto the output interval [r0, r1]
 * (points on the page). r1 < r0 is allowed (a y axis grows upwards). */
typedef struct fc_axis_scale {
    fc_axis_kind kind;
    double d0, d1; /* data units; both > 0 for a log scale */
    double r0, r1; /* output units (pt) */
} fc_axis_scale;

/* Tick positions for one axis. */
typedef struct fc_axis_ticks {
    size_t n;                    /* number of ticks in v */
    double v[FC_AXIS_MAX_TICKS]; /* tick values, ascending, data units */
    double lo, hi;               /* axis domain (data units), covers the data and the ticks */
    double step;                 /* tick step (data units; for log, the decade ratio 10) */
} fc_axis_ticks;

/* A label format fixed for a whole axis, so that every tick shares one suffix and one
 * number of decimals. */
typedef struct fc_axis_fmt {
    fc_axis_fmt_kind kind;
    double div;         /* value is divided by this before printing (1e6 for "m") */
    int decimals;       /* digits after the decimal point, 0..6 */
    const char *prefix; /* "£" or "" (static string) */
    const char *suffix; /* "k", "m", "bn", "%" or "" (static string) */
    int sign;           /* 1: print '+' before positive values (bridge steps) */
} fc_axis_fmt;

/* Initialises s. Returns FC_EINVAL when d0 == d1, when a bound is not finite, or when a log
 * scale has a bound <= 0. */
fc_status fc_axis_scale_init(fc_axis_scale *s, fc_axis_kind kind, double d0, double d1, double r0,
                             double r1, fc_err *err);

/* Maps the data value v to output units (linear interpolation, or in log10 for a log scale;
 * v <= 0 on a log scale maps to r0). Values outside [d0, d1] extrapolate. */
double fc_axis_scale_map(const fc_axis_scale *s, double v);

/* The inverse of fc_axis_scale_map. */
double fc_axis_scale_invert(const fc_axis_scale *s, double r);

/* Returns the nice step (1, 2, 2.5 or 5 times 10^k) that covers span in at most target
 * intervals; span > 0, target >= 1. Returns 0 when span is not finite and positive. */
double fc_axis_nice_step(double span, size_t target);

/* Linear ticks covering [lo, hi] with at most target + 1 ticks; the domain is widened to
 * the enclosing ticks. lo == hi is widened to a sensible interval around it. Returns
 * FC_EINVAL when lo > hi, a bound is not finite, or target is 0. */
fc_status fc_axis_ticks_linear(double lo, double hi, size_t target, fc_axis_ticks *t, fc_err *err);

/* Log10 ticks covering [lo, hi] (both > 0): decades, plus 2x and 5x when fewer than three
 * decades show. The domain is widened to whole decades. FC_EINVAL when lo <= 0 or lo > hi. */
fc_status fc_axis_ticks_log(double lo, double hi, fc_axis_ticks *t, fc_err *err);

/* Whole-year ticks inside [y0, y1] (the domain stays exactly [y0, y1]): multiples of a step
 * of 1, 2, 5, 10, 20, 25 or 50 years, at most target + 1 of them. FC_EINVAL when y0 > y1,
 * a bound is not finite, or target is 0. */
fc_status fc_axis_ticks_year(double y0, double y1, size_t target, fc_axis_ticks *t, fc_err *err);

/* Chooses the label format for an axis whose largest absolute value is maxabs and whose
 * tick step is step (data units; step <= 0 means "data labels": three significant figures).
 * GBP picks k, m or bn from maxabs; PERCENT divides by 0.01. */
void fc_axis_fmt_choose(fc_axis_fmt *f, fc_axis_fmt_kind kind, double maxabs, double step);

/* Writes v as a label into buf (always NUL-terminated when n > 0) and returns the length it
 * needed, like snprintf. Zero prints without decimals or suffix ("0", "£0", "0%"). */
size_t fc_axis_fmt_value(const fc_axis_fmt *f, double v, char *buf, size_t n);

/* A probability (0..1) as charts and tables write it: whole per cents, with "<1%" and ">99%"
 * rather than a misleading 0% or 100% for what is not certain. Returns the length. */
size_t fc_axis_fmt_prob(double p, char *buf, size_t n);

/* Label thinning: centre[i] and width[i] (pt) describe n labels in ascending order of centre.
 * Returns the smallest stride k >= 1 such that keeping labels 0, k, 2k, ... leaves at least
 * gap pt between neighbours. Returns 1 when n < 2. */
size_t fc_axis_thin_stride(const double centre[], const double width[], size_t n, double gap);

#endif /* FC_PLOTS_AXIS_H */
