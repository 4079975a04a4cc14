/* standardise.c: `fulcrum standardise` and the [standardise] stage (standardise.h): directly
 * standardised rates with Dobson limits and indirectly standardised ratios with Byar's or
 * exact limits, by area, year, measure and sex. This file holds the helpers, the writing,
 * the command and the stage; the inputs are read and checked in input.c (located errors,
 * nothing written on failure) and the job is job.c; the numerics are models/activity.c.
 */
#include "engine/standardise/standardise_int.h"
#include "engine/io/grow.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cli/cli.h"
#include "engine/cli/opts.h"
#include "engine/chain/chain.h"
#include "engine/io/table.h"
#include "models/activity.h"


const char *const sd_sex_name[3] = {"F", "M", "P"};
const double sd_level[2] = {0.95, 0.998}; /* the two confidence levels written */

void
fc_stdz_spec_init(fc_stdz_spec *spec)
{
    memset(spec, 0, sizeof *spec);
    spec->method = FC_STDZ_PHE;
    spec->per = 100000.0;
    spec->min_count = 10;
    spec->year = FC_NO_YEAR;
    spec->open_age = FC_PROJ_NO_OPEN_AGE;
}


/* "67", "65-69" or "90+" into buf (>= 24 bytes). */
const char *
sd_blabel(int lo, int hi, char *buf)
{
    if (hi == FC_AGE_OPEN)
        snprintf(buf, 24, "%d+", lo);
    else if (hi == lo)
        snprintf(buf, 24, "%d", lo);
    else
        snprintf(buf, 24, "%d-%d", lo, hi);
    return buf;
}

int
sd_hi_eff(int hi)
{
    return hi == FC_AGE_OPEN ? FC_AGE_MAX : hi;
}

/* ---------------------------------------------------------------- writing */

static void
w_opt(fc_writer *w, double x)
{
    fc_w_comma(w);
    if (!isnan(x))
        fc_w_num(w, x);
}

static void
w_note(fc_writer *w, int note, long min_count)
{
    char buf[64];
    fc_w_comma(w);
    switch (note) {
    case FC_STDZ_NOTE_FEW:
        snprintf(buf, sizeof buf, "fewer than %ld events", min_count);
        fc_w_field(w, buf);
        break;
    case FC_STDZ_NOTE_NOPOP:
        fc_w_str(w, "no population at risk");
        break;
    case FC_STDZ_NOTE_NOEXP:
        fc_w_str(w, "no events expected at the reference rates");
        break;
    default:
        break;
    }
}

static void
w_key(fc_writer *w, const fc_stdz_result *res, const fc_stdz_row *r, int has_year)
{
    fc_w_field(w, fc_intern_name(res->areas, r->area));
    fc_w_comma(w);
    if (has_year) {
        fc_w_int(w, r->year);
        fc_w_comma(w);
    }
    fc_w_str(w, sd_sex_name[r->sex]);
    fc_w_comma(w);
    fc_w_field(w, fc_intern_name(res->measures, r->measure));
    fc_w_comma(w);
    fc_w_num(w, r->observed);
}

fc_status
fc_stdz_run(const fc_stdz_spec *sp, const fc_projection *proj, fc_out *o, fc_warnings *warn,
            fc_err *err)
{
    fc_stdz_result res;
    fc_writer *wd, *ws;
    fc_status st = fc_stdz_compute(sp, proj, &res, warn, err);
    if (st != FC_OK)
        return st;
    if ((st = fc_out_file(o, "dsr.csv", &wd, err)) || (st = fc_out_file(o, "smr.csv", &ws, err)))
        goto done;
    int has_year = res.nrow > 0 && res.row[0].year != FC_NO_YEAR;
    fc_w_str(wd, has_year ? "area,year," : "area,");
    fc_w_str(wd, "sex,measure,observed,population,crude_rate,dsr,lower95,upper95,lower998,"
                 "upper998,note\n");
    fc_w_str(ws, has_year ? "area,year," : "area,");
    fc_w_str(ws, "sex,measure,observed,expected,smr,lower95,upper95,lower998,upper998,method,"
                 "note\n");
    for (size_t i = 0; i < res.nrow; i++) {
        const fc_stdz_row *r = &res.row[i];
        w_key(wd, &res, r, has_year);
        fc_w_comma(wd);
        fc_w_num(wd, r->population);
        w_opt(wd, r->crude);
        w_opt(wd, r->dsr);
        w_opt(wd, r->lo95);
        w_opt(wd, r->hi95);
        w_opt(wd, r->lo998);
        w_opt(wd, r->hi998);
        w_note(wd, r->dsr_note, sp->min_count);
        fc_w_eol(wd);
        w_key(ws, &res, r, has_year);
        fc_w_comma(ws);
        fc_w_num(ws, r->expected);
        w_opt(ws, r->smr);
        w_opt(ws, r->slo95);
        w_opt(ws, r->shi95);
        w_opt(ws, r->slo998);
        w_opt(ws, r->shi998);
        fc_w_comma(ws);
        if (!isnan(r->smr))
            fc_w_str(ws, r->smr_exact ? "exact" : "byar");
        w_note(ws, r->smr_note, sp->min_count);
        fc_w_eol(ws);
    }
done:
    fc_stdz_result_fini(&res);
    return st;
}

/* ---------------------------------------------------------------- `fulcrum standardise` */

static const char *const method_names[] = {"phe", "byar", "exact", NULL}; /* [standardise] */

static fc_status
opt_per(void *ctx, const char *opt, const char *val, fc_err *err)
{
    double *per = ctx;
    fc_status st = fc_opt_double(opt, val, per, err);
    if (st == FC_OK && !(*per > 0.0))
        st = FC_FAIL(err, FC_EUSAGE, "--per %s: the rate multiplier must be above 0", val);
    return st;
}

static fc_status
cmd_standardise(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    fc_stdz_spec spec;
    const char *out = NULL;
    fc_out *o = NULL;
    fc_status st;
    size_t npos;

    fc_stdz_spec_init(&spec);
    const fc_opt opts[] = {
        FC_OPT_STR_("counts", &spec.counts),
        FC_OPT_STR_("population", &spec.population),
        FC_OPT_STR_("standard", &spec.standard),
        FC_OPT_STR_("reference", &spec.reference),
        FC_OPT_STR_("variant", &spec.variant),
        FC_OPT_STR_("out", &out),
        FC_OPT_CHOICE_("method", &spec.method, "phe,byar,exact",
                       ((const int[]){FC_STDZ_PHE, FC_STDZ_BYAR, FC_STDZ_EXACT})),
        FC_OPT_CALL_("per", opt_per, &spec.per),
        FC_OPT_LONG_("min-count", &spec.min_count, 1, 1000000000L),
        FC_OPT_INT_("year", &spec.year, 1000, 3100),
        FC_OPT_INT_("open-age", &spec.open_age, 1, FC_AGE_MAX),
        FC_OPT_END,
    };
    if ((st = fc_opts_parse(argc, argv, opts, NULL, 0, &npos, err)) != FC_OK)
        return st;
    if (!spec.counts || !spec.population || !spec.standard || !out)
        return FC_FAIL(err, FC_EUSAGE,
                       "--counts, --population, --standard and --out are "
                       "required");
    if ((st = fc_out_open(out, &o, err)))
        return st;
    st = fc_stdz_run(&spec, NULL, o, warn, err);
    if (st == FC_OK)
        st = fc_out_commit(o, err);
    fc_out_free(o);
    return st;
}

const fc_cmd fc_cmd_def_standardise = {
    "standardise",
    cmd_standardise,
    "age-standardised rates (DSR) and ratios (SMR) with confidence limits, by area",
    "fulcrum standardise --counts F --population F --standard F [--reference F]\n"
    "                    [--method phe|byar|exact] [--per N] [--min-count N] [--year Y]\n"
    "                    [--variant NAME] [--open-age N] --out DIR",
    "Compares areas after taking out their age and sex structure (OHID/PHE methods). From\n"
    "observed events by area, sex and age band, the population at risk and a standard\n"
    "population, writes DIR/dsr.csv (directly standardised rates: the rate each area would\n"
    "have with the standard's age structure, with Dobson's 95% and 99.8% limits) and\n"
    "DIR/smr.csv (indirectly standardised ratios: observed / expected events at reference\n"
    "rates, with Poisson limits), one row per area, year, measure and sex, plus persons (P,\n"
    "age-sex standardised: each sex's bands with the standard's weights). Nothing is\n"
    "written if an input is bad.\n\n"
    "options:\n"
    "  --counts F      area,sex,age,count[,measure][,year]  observed events; ages in the\n"
    "                  standard's bands or narrower ones; a row absent is no events; sex\n"
    "                  F/M, or P (or *) for counts of persons by age only\n"
    "  --population F  area,sex,age,population[,year][,variant]  person-years at risk, any\n"
    "                  bands that lie inside the standard's (a projection.csv will do;\n"
    "                  'area_code' is read as 'area'); it must cover the standard's ages\n"
    "  --standard F    age,population[,sex]  the standard population (e.g. the European\n"
    "                  Standard Population 2013); its bands are the strata\n"
    "  --reference F   sex,age,rate[,measure][,year]  reference rates (events per person\n"
    "                  per year) for the expected events; default: the rates of all the\n"
    "                  counts' areas together\n"
    "  --method M      Poisson limits of the events: phe (default: Byar's, but exact for\n"
    "                  ratios of fewer than 10 events), byar, or exact\n"
    "  --per N         rates per N person-years (default 100000)\n"
    "  --min-count N   DSRs of fewer than N events are left blank (default 10, as PHE)\n"
    "  --year Y        the population's year, when the counts have no year column\n"
    "  --variant NAME  the population's variant (default 'principal', or the only one)\n"
    "  --open-age N    the single age N in the population means 'N and over' (ONS: 100)\n"
    "  --out DIR       output directory (created if needed)\n\n"
    "examples:\n"
    "  fulcrum standardise --counts datasets/standardise_admissions.csv \\\n"
    "      --population datasets/demography_population.csv \\\n"
    "      --standard datasets/standardise_esp2013.csv --out out/standardise\n"
    "  fulcrum standardise --counts datasets/standardise_admissions.csv \\\n"
    "      --population datasets/demography_population.csv \\\n"
    "      --standard datasets/standardise_esp2013.csv --method exact --per 1000 \\\n"
    "      --out out/standardise_exact\n",
};

/* ---------------------------------------------------------------- the [standardise] stage
 *
 *   [standardise]  counts, standard (required), population (default: the [projection]
 *                  stage's result), reference, method, per, min_count, year, variant,
 *                  open_age
 */

static fc_status
stage_configure(fc_chain *ch, void **out, fc_err *err)
{
    static const char sec[] = "standardise";
    fc_scenario *s = ch->scn;
    fc_stdz_spec *sp;
    fc_status st;
    int method = FC_STDZ_PHE;
    long year = FC_NO_YEAR, open = FC_PROJ_NO_OPEN_AGE;

    if (!fc_scn_has(s, sec))
        return FC_OK;
    if ((sp = malloc(sizeof *sp)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    fc_stdz_spec_init(sp);
    *out = sp;
    if ((st = fc_scn_path(s, sec, "counts", &sp->counts, err)) ||
        (st = fc_scn_path(s, sec, "population", &sp->population, err)) ||
        (st = fc_scn_path(s, sec, "standard", &sp->standard, err)) ||
        (st = fc_scn_path(s, sec, "reference", &sp->reference, err)) ||
        (st = fc_scn_choice(s, sec, "method", method_names, &method, err)) ||
        (st = fc_scn_num(s, sec, "per", 1e-9, 1e15, &sp->per, err)) ||
        (st = fc_scn_long(s, sec, "min_count", 1, 1000000000L, &sp->min_count, err)) ||
        (st = fc_scn_long(s, sec, "year", 1000, 3100, &year, err)) ||
        (st = fc_scn_str(s, sec, "variant", &sp->variant, err)) ||
        (st = fc_scn_long(s, sec, "open_age", 1, FC_AGE_MAX, &open, err)))
        return st;
    sp->method = (fc_stdz_method)method;
    sp->year = (int)year;
    sp->open_age = (int)open;
    if (!sp->counts)
        return fc_scn_fail_file(s, err,
                                "[standardise] needs counts (observed events by area, "
                                "sex and age)");
    if (!sp->standard)
        return fc_scn_fail_file(s, err, "[standardise] needs a standard population");
    if (!sp->population && !fc_scn_has(s, "projection"))
        return fc_scn_fail_file(s, err,
                                "[standardise] needs a population: add a [projection] "
                                "section or 'population = FILE'");
    return FC_OK;
}

static fc_status
stage_run(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_stdz_spec *sp = spec;
    return fc_stdz_run(sp, sp->population ? NULL : ch->projection, ch->o, ch->warn, err);
}

/* `fulcrum check`: every input read and checked (the counts against the standard only, when
 * the population is the projection stage's) */
static fc_status
stage_check(fc_chain *ch, void *spec, fc_err *err)
{
    const fc_stdz_spec *sp = spec;
    fc_stdz_result res;
    fc_status st;
    if (sp->population == NULL) {
        job *j = calloc(1, sizeof *j);
        if (j == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        j->sp = sp;
        j->warn = ch->warn;
        j->err = err;
        if ((st = sd_std_load(sp->standard, &j->std, ch->warn, err)) == FC_OK)
            st = sd_load_counts(j);
        sd_job_fini(j);
        free(j);
        return st;
    }
    st = fc_stdz_compute(sp, NULL, &res, ch->warn, err);
    fc_stdz_result_fini(&res);
    return st;
}

static const char *const stage_sections[] = {"standardise", NULL};

/* (no spec_for_draw: an uncertain [standardise] number is an error with --draws) */
const fc_stage fc_stage_standardise = {
    .name = "standardise", .sections = stage_sections, .configure = stage_configure,
    .run = stage_run, .check = stage_check};

