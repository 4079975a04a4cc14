/* rng.c: SplitMix64 streams keyed by (seed, draw, slot) as a GSL generator, and the
 * distributions of uncertain parameters (see rng.h for the method and sources). */
#include "models/rng.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* ------------------------------------------------------------------------ streams */

#define GOLDEN 0x9E3779B97F4A7C15ull

/* The SplitMix64 output function (variant 13 of Stafford's mix), a bijection of 64 bits. */
static uint64_t
mix(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t
fc_rng_key(uint64_t seed, uint64_t draw, uint64_t slot)
{
    uint64_t z = mix(seed + GOLDEN);
    z = mix(z + 0xD1B54A32D192ED03ull * (draw + 1));
    return mix(z + 0x8CB92BA72F3D8DD7ull * (slot + 1));
}

uint64_t
fc_rng_slot(const char *name)
{
    uint64_t h = 0xCBF29CE484222325ull; /* FNV-1a, 64 bits */
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned c = *p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p;
        h = (h ^ c) * 0x100000001B3ull;
    }
    return h;
}

typedef struct sm_state {
    uint64_t x;
} sm_state;

static uint64_t
next(sm_state *s)
{
    s->x += GOLDEN;
    return mix(s->x);
}

/* gsl_rng_set(r, s) starts the plain SplitMix64 sequence from state s (the reference
 * generator's seeding); fc_rng_seed starts a keyed stream. */
static void
sm_set(void *vstate, unsigned long seed)
{
    ((sm_state *)vstate)->x = (uint64_t)seed;
}

static unsigned long
sm_get(void *vstate)
{
    return (unsigned long)(next(vstate) >> 32);
}

static double
sm_get_double(void *vstate)
{
    return (double)(next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type sm_type = {"fulcrum-splitmix64", 0xFFFFFFFFul, 0, sizeof(sm_state),
                                     sm_set, sm_get, sm_get_double};

const gsl_rng_type *
fc_rng_type(void)
{
    return &sm_type;
}

gsl_rng *
fc_rng_alloc(void)
{
    return gsl_rng_alloc(&sm_type);
}

void
fc_rng_seed(gsl_rng *r, uint64_t seed, uint64_t draw, uint64_t slot)
{
    ((sm_state *)r->state)->x = fc_rng_key(seed, draw, slot);
}

/* ------------------------------------------------------------------------ distributions */

size_t
fc_dist_nparam(fc_dist_kind kind)
{
    return kind == FC_DIST_TRIANGULAR ? 3 : 2;
}

const char *
fc_dist_name(fc_dist_kind kind)
{
    static const char *const names[] = {"normal", "interval", "lognormal", "gamma", "beta",
                                        "triangular"};
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}

fc_status
fc_dist_check(const fc_dist *d, fc_err *err)
{
    const double *p = d->p;
    for (size_t i = 0; i < fc_dist_nparam(d->kind); i++)
        if (!isfinite(p[i]))
            return FC_FAIL(err, FC_EDOM, "parameter %zu of %s is not a finite number", i + 1,
                           fc_dist_name(d->kind));
    switch (d->kind) {
    case FC_DIST_NORMAL:
        if (p[1] < 0.0)
            return FC_FAIL(err, FC_EDOM, "normal: sd %g is negative", p[1]);
        return FC_OK;
    case FC_DIST_INTERVAL:
        if (!(p[0] < p[1]))
            return FC_FAIL(err, FC_EDOM, "the interval's low end %g is not below its high end "
                           "%g", p[0], p[1]);
        return FC_OK;
    case FC_DIST_LOGNORMAL:
        if (!(p[1] > 0.0))
            return FC_FAIL(err, FC_EDOM, "lognormal: sdlog %g must be above 0", p[1]);
        return FC_OK;
    case FC_DIST_GAMMA:
        if (!(p[0] > 0.0))
            return FC_FAIL(err, FC_EDOM, "gamma: shape %g must be above 0", p[0]);
        if (!(p[1] > 0.0))
            return FC_FAIL(err, FC_EDOM, "gamma: scale %g must be above 0", p[1]);
        return FC_OK;
    case FC_DIST_BETA:
        if (!(p[0] > 0.0))
            return FC_FAIL(err, FC_EDOM, "beta: shape a %g must be above 0", p[0]);
        if (!(p[1] > 0.0))
            return FC_FAIL(err, FC_EDOM, "beta: shape b %g must be above 0", p[1]);
        return FC_OK;
    case FC_DIST_TRIANGULAR:
        if (!(p[0] < p[2]))
            return FC_FAIL(err, FC_EDOM, "triangular: min %g must be below max %g", p[0], p[2]);
        if (p[1] < p[0] || p[1] > p[2])
            return FC_FAIL(err, FC_EDOM, "triangular: mode %g is outside min..max (%g..%g)",
                           p[1], p[0], p[2]);
        return FC_OK;
    }
    return FC_FAIL(err, FC_EINVAL, "unknown distribution");
}

static double
interval_sd(const fc_dist *d)
{
    return (d->p[1] - d->p[0]) / (2.0 * FC_RNG_Z80);
}

double
fc_ran_triangular_q(double u, double min, double mode, double max)
{
    double w = max - min;
    if (u * w <= mode - min)
        return min + sqrt(u * w * (mode - min));
    return max - sqrt((1.0 - u) * w * (max - mode));
}

double
fc_dist_quantile(const fc_dist *d, double p)
{
    switch (d->kind) {
    case FC_DIST_NORMAL:
        return d->p[0] + (d->p[1] > 0.0 ? gsl_cdf_gaussian_Pinv(p, d->p[1]) : 0.0);
    case FC_DIST_INTERVAL:
        return 0.5 * (d->p[0] + d->p[1]) + gsl_cdf_gaussian_Pinv(p, interval_sd(d));
    case FC_DIST_LOGNORMAL:
        return gsl_cdf_lognormal_Pinv(p, d->p[0], d->p[1]);
    case FC_DIST_GAMMA:
        return gsl_cdf_gamma_Pinv(p, d->p[0], d->p[1]);
    case FC_DIST_BETA:
        return gsl_cdf_beta_Pinv(p, d->p[0], d->p[1]);
    case FC_DIST_TRIANGULAR:
        return fc_ran_triangular_q(p, d->p[0], d->p[1], d->p[2]);
    }
    return (double)NAN;
}

double
fc_dist_median(const fc_dist *d)
{
    switch (d->kind) {
    case FC_DIST_NORMAL:
        return d->p[0];
    case FC_DIST_INTERVAL:
        return 0.5 * (d->p[0] + d->p[1]);
    case FC_DIST_LOGNORMAL:
        return exp(d->p[0]);
    case FC_DIST_BETA:
        if (d->p[0] == d->p[1])
            return 0.5; /* symmetric (GSL's inverse is a few ulps off) */
        return fc_dist_quantile(d, 0.5);
    default:
        return fc_dist_quantile(d, 0.5);
    }
}

double
fc_dist_sample(const fc_dist *d, const gsl_rng *r)
{
    switch (d->kind) {
    case FC_DIST_NORMAL:
        return d->p[0] + (d->p[1] > 0.0 ? gsl_ran_gaussian_ziggurat(r, d->p[1]) : 0.0);
    case FC_DIST_INTERVAL:
        return 0.5 * (d->p[0] + d->p[1]) + gsl_ran_gaussian_ziggurat(r, interval_sd(d));
    case FC_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->p[0], d->p[1]);
    case FC_DIST_GAMMA:
        return gsl_ran_gamma(r, d->p[0], d->p[1]);
    case FC_DIST_BETA:
        return gsl_ran_beta(r, d->p[0], d->p[1]);
    case FC_DIST_TRIANGULAR:
        return fc_ran_triangular_q(gsl_rng_uniform(r), d->p[0], d->p[1], d->p[2]);
    }
    return (double)NAN;
}
