/* axis.c: scales, nice ticks and label formatting (see axis.h). Pure arithmetic: no Cairo,
 * no locale, no allocation.
 */
#include "plots/axis.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------------------------- scales */

fc_status
fc_axis_scale_init(fc_axis_scale *s, fc_axis_kind kind, double d0, double d1, double r0, double r1,
                   fc_err *err)
{
    if (!isfinite(d0) || !isfinite(d1) || !isfinite(r0) || !isfinite(r1))
        return FC_FAIL(err, FC_EINVAL, "scale bounds must be finite");
    if (d0 == d1)
        return FC_FAIL(err, FC_EINVAL, "scale domain is empty (%g to %g)", d0, d1);
    if (kind == FC_AXIS_LOG && (d0 <= 0 || d1 <= 0))
        return FC_FAIL(err, FC_EINVAL, "log scale domain must be positive (%g to %g)", d0, d1);
    s->kind = kind;
    s->d0 = d0;
    s->d1 = d1;
    s->r0 = r0;
    s->r1 = r1;
    return FC_OK;
}

double
fc_axis_scale_map(const fc_axis_scale *s, double v)
{
    double t;
    if (s->kind == FC_AXIS_LOG) {
        if (v <= 0)
            return s->r0;
        t = (log10(v) - log10(s->d0)) / (log10(s->d1) - log10(s->d0));
    } else {
        t = (v - s->d0) / (s->d1 - s->d0);
    }
    return s->r0 + t * (s->r1 - s->r0);
}

double
fc_axis_scale_invert(const fc_axis_scale *s, double r)
{
    double t = (r - s->r0) / (s->r1 - s->r0);
    if (s->kind == FC_AXIS_LOG)
        return pow(10.0, log10(s->d0) + t * (log10(s->d1) - log10(s->d0)));
    return s->d0 + t * (s->d1 - s->d0);
}

/* -------------------------------------------------------------------------------- ticks */

double
fc_axis_nice_step(double span, size_t target)
{
    static const double nice[] = {1.0, 2.0, 2.5, 5.0, 10.0};
    double raw, mag, norm;
    size_t i;

    if (!isfinite(span) || span <= 0 || target == 0)
        return 0;
    raw = span / (double)target;
    mag = pow(10.0, floor(log10(raw)));
    norm = raw / mag;
    for (i = 0; i < sizeof nice / sizeof nice[0]; i++)
        if (norm <= nice[i] * (1 + 1e-9))
            return nice[i] * mag;
    return 10.0 * mag;
}

/* Rounds values that are within rounding noise of zero to exactly zero. */
static double
clean(double v, double step)
{
    return fabs(v) < fabs(step) * 1e-9 ? 0.0 : v;
}

fc_status
fc_axis_ticks_linear(double lo, double hi, size_t target, fc_axis_ticks *t, fc_err *err)
{
    double step, k0, k1;
    size_t i, n;

    if (!isfinite(lo) || !isfinite(hi) || lo > hi || target == 0)
        return FC_FAIL(err, FC_EINVAL, "bad tick request (%g to %g, %zu ticks)", lo, hi, target);
    if (lo == hi) {
        double pad = lo == 0 ? 1.0 : fabs(lo) * 0.1;
        lo -= pad;
        hi += pad;
    }
    step = fc_axis_nice_step(hi - lo, target);
    for (;;) {
        k0 = floor(lo / step + 1e-9);
        k1 = ceil(hi / step - 1e-9);
        n = (size_t)(k1 - k0) + 1;
        if (n <= FC_AXIS_MAX_TICKS && n <= target + 2)
            break;
        step = fc_axis_nice_step(step * (double)target * 1.0001, target);
    }
    t->n = n;
    t->step = step;
    for (i = 0; i < n; i++)
        t->v[i] = clean((k0 + (double)i) * step, step);
    t->lo = t->v[0];
    t->hi = t->v[n - 1];
    return FC_OK;
}

fc_status
fc_axis_ticks_log(double lo, double hi, fc_axis_ticks *t, fc_err *err)
{
    static const double sub[] = {1.0, 2.0, 5.0};
    int e0, e1, e;
    size_t j, n = 0;

    if (!isfinite(lo) || !isfinite(hi) || lo <= 0 || lo > hi)
        return FC_FAIL(err, FC_EINVAL, "bad log tick request (%g to %g)", lo, hi);
    e0 = (int)floor(log10(lo) + 1e-12);
    e1 = (int)ceil(log10(hi) - 1e-12);
    if (e1 == e0)
        e1 = e0 + 1;
    if (e1 - e0 + 1 > (int)FC_AXIS_MAX_TICKS)
        return FC_FAIL(err, FC_EINVAL, "log axis spans too many decades (%d)", e1 - e0);
    for (e = e0; e <= e1; e++) {
        for (j = 0; j < (e1 - e0 < 3 ? 3u : 1u); j++) {
            double v = sub[j] * pow(10.0, e);
            if (e == e1 && j > 0)
                break;
            if (n < FC_AXIS_MAX_TICKS)
                t->v[n++] = v;
        }
    }
    t->n = n;
    t->step = 10.0;
    t->lo = pow(10.0, e0);
    t->hi = pow(10.0, e1);
    return FC_OK;
}

fc_status
fc_axis_ticks_year(double y0, double y1, size_t target, fc_axis_ticks *t, fc_err *err)
{
    static const int steps[] = {1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000};
    double step = 1, first;
    size_t i, n;

    if (!isfinite(y0) || !isfinite(y1) || y0 > y1 || target == 0)
        return FC_FAIL(err, FC_EINVAL, "bad year axis (%g to %g, %zu ticks)", y0, y1, target);
    for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        step = steps[i];
        if (floor(y1 / step) - ceil(y0 / step) + 1 <= (double)target + 1)
            break;
    }
    first = ceil(y0 / step - 1e-9) * step;
    n = 0;
    for (i = 0; n < FC_AXIS_MAX_TICKS; i++) {
        double v = first + (double)i * step;
        if (v > y1 + 1e-9)
            break;
        t->v[n++] = v;
    }
    if (n == 0) /* a domain inside one year: label its start */
        t->v[n++] = y0;
    t->n = n;
    t->step = step;
    t->lo = y0;
    t->hi = y1;
    return FC_OK;
}

/* ------------------------------------------------------------------------------- labels */

/* Smallest number of decimals (0..maxd) that writes x exactly to 1e-6 relative. */
static int
decimals_for(double x, int maxd)
{
    int d;
    double p = 1;
    x = fabs(x);
    for (d = 0; d < maxd; d++, p *= 10) {
        double y = x * p;
        if (fabs(y - floor(y + 0.5)) <= 1e-6 * (y > 1 ? y : 1))
            return d;
    }
    return maxd;
}

void
fc_axis_fmt_choose(fc_axis_fmt *f, fc_axis_fmt_kind kind, double maxabs, double step)
{
    memset(f, 0, sizeof *f);
    f->kind = kind;
    f->div = 1;
    f->prefix = "";
    f->suffix = "";
    maxabs = fabs(maxabs);
    switch (kind) {
    case FC_FMT_YEAR:
    case FC_FMT_FYEAR:
        return;
    case FC_FMT_GBP:
        f->prefix = "\xc2\xa3";
        if (maxabs >= 1e9) {
            f->div = 1e9;
            f->suffix = "bn";
        } else if (maxabs >= 1e6) {
            f->div = 1e6;
            f->suffix = "m";
        } else if (maxabs >= 1e4) {
            f->div = 1e3;
            f->suffix = "k";
        }
        break;
    case FC_FMT_PERCENT:
        f->div = 0.01;
        f->suffix = "%";
        break;
    case FC_FMT_NUMBER:
        break;
    }
    if (step > 0) {
        f->decimals = decimals_for(step / f->div, 3);
    } else {
        /* data labels: three significant figures of the largest value */
        double m = maxabs / f->div;
        int d = m > 0 ? 2 - (int)floor(log10(m)) : 0;
        f->decimals = d < 0 ? 0 : d > 3 ? 3 : d;
    }
}

/* Appends s to buf at *len (tracking the needed length like snprintf). */
static void
put(char *buf, size_t n, size_t *len, const char *s)
{
    size_t k = strlen(s);
    if (*len < n) {
        size_t room = n - *len - 1;
        memcpy(buf + *len, s, k < room ? k : room);
        buf[*len + (k < room ? k : room)] = '\0';
    }
    *len += k;
}

size_t
fc_axis_fmt_value(const fc_axis_fmt *f, double v, char *buf, size_t n)
{
    char digits[64], grouped[96];
    size_t len = 0, nd, i, g = 0, intlen;
    double x, p;
    const char *dot;
    int neg;

    if (n > 0)
        buf[0] = '\0';
    if (!isfinite(v)) {
        put(buf, n, &len, "n/a");
        return len;
    }
    if (f->kind == FC_FMT_YEAR || f->kind == FC_FMT_FYEAR) {
        long y = lround(v);
        if (f->kind == FC_FMT_YEAR)
            snprintf(digits, sizeof digits, "%ld", y);
        else
            snprintf(digits, sizeof digits, "%ld/%02ld", y, ((y + 1) % 100 + 100) % 100);
        put(buf, n, &len, digits);
        return len;
    }
    x = v / f->div;
    p = pow(10.0, f->decimals);
    x = floor(fabs(x) * p + 0.5) / p * (x < 0 ? -1 : 1);
    if (x == 0) {
        put(buf, n, &len, f->prefix);
        put(buf, n, &len, "0");
        if (f->kind == FC_FMT_PERCENT)
            put(buf, n, &len, "%");
        return len;
    }
    neg = x < 0;
    snprintf(digits, sizeof digits, "%.*f", f->decimals, fabs(x));
    dot = strchr(digits, '.');
    intlen = dot ? (size_t)(dot - digits) : strlen(digits);
    for (i = 0; i < intlen; i++) {
        if (i > 0 && (intlen - i) % 3 == 0)
            grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    nd = strlen(digits);
    for (i = intlen; i < nd && g + 1 < sizeof grouped; i++)
        grouped[g++] = digits[i];
    grouped[g] = '\0';
    if (neg)
        put(buf, n, &len, "\xe2\x88\x92"); /* U+2212 MINUS SIGN */
    else if (f->sign)
        put(buf, n, &len, "+");
    put(buf, n, &len, f->prefix);
    put(buf, n, &len, grouped);
    put(buf, n, &len, f->suffix);
    return len;
}

size_t
fc_axis_thin_stride(const double centre[], const double width[], size_t n, double gap)
{
    size_t k, i;
    if (n < 2)
        return 1;
    for (k = 1; k < n; k++) {
        int ok = 1;
        for (i = 0; i + k < n && ok; i += k)
            if (centre[i + k] - centre[i] < (width[i] + width[i + k]) / 2 + gap)
                ok = 0;
        if (ok)
            return k;
    }
    return n;
}

size_t
fc_axis_fmt_prob(double p, char *buf, size_t n)
{
    char t[32];
    int k;
    snprintf(t, sizeof t, "%.0f%%", 100 * p);
    if (p > 0 && strcmp(t, "0%") == 0) /* rounds to none, yet is not none */
        k = snprintf(buf, n, "<1%%");
    else if (p < 1 && strcmp(t, "100%") == 0) /* rounds to all, yet is not certain */
        k = snprintf(buf, n, ">99%%");
    else
        k = snprintf(buf, n, "%s", t);
    return k < 0 ? 0 : (size_t)k;
}
