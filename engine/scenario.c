/* scenario.c: the scenario file reader on libinih, and `fulcrum run` (see scenario.h). */
#include "engine/scenario.h"

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine/cli.h"

typedef struct scn_ctx {
    fc_scenario *s;
    fc_err *err;
    char dir[FC_SCN_PATH_MAX];
    int *kv_line;  /* file line of the k-th key/value line (Debian's inih reports no lines) */
    size_t nkv, ikv;
} scn_ctx;

static int bad(scn_ctx *c, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
bad(scn_ctx *c, int line, const char *fmt, ...)
{
    char msg[FC_ERR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fc_err_at(c->err, FC_EDATA, c->s->path, (size_t)line, 0, "%s", msg);
    return 0; /* stop parsing */
}

/* inih calls the handler once per key/value (or continuation) line, in file order: record
 * which file lines those are so that errors can name them. */
static int
scan_lines(FILE *fp, scn_ctx *c)
{
    char buf[4096];
    size_t cap = 0;
    int line = 0;
    while (fgets(buf, sizeof buf, fp)) {
        char *p = buf;
        line++;
        if (line == 1 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
            (unsigned char)p[2] == 0xBF)
            p += 3;
        p += strspn(p, " \t\r\n");
        if (*p == '\0' || *p == ';' || *p == '#' || *p == '[')
            continue;
        if (c->nkv == cap) {
            cap = cap ? 2 * cap : 64;
            int *l = realloc(c->kv_line, cap * sizeof *l);
            if (l == NULL)
                return -1;
            c->kv_line = l;
        }
        c->kv_line[c->nkv++] = line;
    }
    rewind(fp);
    return 0;
}

static int
set_path(scn_ctx *c, char *dst, const char *val, int line)
{
    int n;
    if (val[0] == '\0')
        return bad(c, line, "empty path");
    if (val[0] == '/' || c->dir[0] == '\0')
        n = snprintf(dst, FC_SCN_PATH_MAX, "%s", val);
    else
        n = snprintf(dst, FC_SCN_PATH_MAX, "%s/%s", c->dir, val);
    if (n >= FC_SCN_PATH_MAX)
        return bad(c, line, "path '%s' is too long", val);
    return 1;
}

static int
get_num(scn_ctx *c, const char *key, const char *val, double lo, double hi, double *out,
        int line)
{
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || *end != '\0' || errno == ERANGE || !isfinite(v))
        return bad(c, line, "'%s' is not a number for '%s'", val, key);
    if (v < lo || v > hi) {
        return bad(c, line, "'%s' = %s is outside %g..%g", key, val, lo, hi);
    }
    *out = v;
    return 1;
}

static int
on_kv(void *user, const char *section, const char *key, const char *val)
{
    scn_ctx *c = user;
    fc_scenario *s = c->s;
    int line = c->ikv < c->nkv ? c->kv_line[c->ikv] : 0;
    double v;

    c->ikv++;

    if (strcasecmp(section, "run") == 0) {
        if (strcmp(key, "name") == 0) {
            snprintf(s->name, sizeof s->name, "%s", val);
            return 1;
        }
        if (strcmp(key, "out") == 0)
            return set_path(c, s->out, val, line);
        if (strcmp(key, "seed") == 0) {
            if (!get_num(c, key, val, 0, 4294967295.0, &v, line))
                return 0;
            if (v != floor(v))
                return bad(c, line, "'%s' must be a whole number for '%s'", val, key);
            s->seed = (unsigned long)v;
            return 1;
        }
    } else if (strcasecmp(section, "projection") == 0) {
        s->has_projection = 1;
        struct { const char *k; char *dst; const char **spec; } paths[] = {
            {"population", s->population, &s->proj.population},
            {"fertility", s->fertility, &s->proj.fertility},
            {"mortality", s->mortality, &s->proj.mortality},
            {"migration", s->migration, &s->proj.migration},
            {"control", s->control, &s->proj.control},
            {"variants", s->variants, &s->proj.variants},
        };
        for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
            if (strcmp(key, paths[i].k) == 0) {
                *paths[i].spec = paths[i].dst;
                return set_path(c, paths[i].dst, val, line);
            }
        }
        if (strcmp(key, "base_year") == 0 || strcmp(key, "horizon") == 0) {
            if (!get_num(c, key, val, 1000, 3100, &v, line))
                return 0;
            if (v != floor(v))
                return bad(c, line, "'%s' must be a whole year for '%s'", val, key);
            *(key[0] == 'b' ? &s->proj.base_year : &s->proj.horizon) = (int)v;
            return 1;
        }
        if (strcmp(key, "srb") == 0)
            return get_num(c, key, val, 0.5, 2.0, &s->proj.srb, line);
        if (strcmp(key, "migration_timing") == 0) {
            if (strcmp(val, "half") == 0)
                s->proj.mig_timing = FC_MIG_HALF;
            else if (strcmp(val, "end") == 0)
                s->proj.mig_timing = FC_MIG_END;
            else
                return bad(c, line, "migration_timing must be 'half' or 'end', not '%s'", val);
            return 1;
        }
        if (strcmp(key, "a0") == 0) {
            if (strcmp(val, "cd") == 0)
                s->proj.a0_rule = FC_A0_COALE_DEMENY;
            else if (strcmp(val, "ak") == 0)
                s->proj.a0_rule = FC_A0_ANDREEV_KINGKADE;
            else
                return bad(c, line, "a0 must be 'cd' or 'ak', not '%s'", val);
            return 1;
        }
    } else if (strcasecmp(section, "pbma") == 0) {
        s->has_pbma = 1;
        if (strcmp(key, "options") == 0) {
            s->pbma.options = s->pbma_options;
            return set_path(c, s->pbma_options, val, line);
        }
        if (strcmp(key, "criteria") == 0) {
            s->pbma.criteria = s->pbma_criteria;
            return set_path(c, s->pbma_criteria, val, line);
        }
        if (strcmp(key, "budgets") == 0) {
            s->pbma.budgets = s->pbma_budgets;
            return set_path(c, s->pbma_budgets, val, line);
        }
        if (strcmp(key, "budget") == 0)
            return get_num(c, key, val, -1e15, 1e15, &s->pbma.budget, line);
        if (strcmp(key, "threshold") == 0)
            return get_num(c, key, val, 1e-9, 1e12, &s->pbma.threshold, line);
        if (strcmp(key, "draws") == 0) {
            if (!get_num(c, key, val, 0, 10000000, &v, line))
                return 0;
            if (v != floor(v))
                return bad(c, line, "'%s' must be a whole number for '%s'", val, key);
            s->pbma.draws = (long)v;
            return 1;
        }
    } else if (strncasecmp(section, "variant ", 8) == 0) {
        const char *name = section + 8;
        fc_variant *var = NULL;
        for (size_t i = 0; i < s->proj.nvariant; i++)
            if (strcmp(s->proj.variant[i].name, name) == 0)
                var = &s->proj.variant[i];
        if (var == NULL) {
            if (s->proj.nvariant == FC_MAX_VARIANTS)
                return bad(c, line, "more than %d variants", FC_MAX_VARIANTS);
            if (name[0] == '\0' || strlen(name) >= sizeof var->name || strpbrk(name, ",\""))
                return bad(c, line, "bad variant name '%s'", name);
            var = &s->proj.variant[s->proj.nvariant++];
            snprintf(var->name, sizeof var->name, "%s", name);
            var->fertility_scale = var->mortality_scale = var->migration_scale = 1.0;
        }
        if (strcmp(key, "fertility_scale") == 0)
            return get_num(c, key, val, 0, 10, &var->fertility_scale, line);
        if (strcmp(key, "mortality_scale") == 0)
            return get_num(c, key, val, 0, 10, &var->mortality_scale, line);
        if (strcmp(key, "migration_scale") == 0)
            return get_num(c, key, val, -10, 10, &var->migration_scale, line);
    } else {
        return bad(c, line, "unknown section '[%s]'", section);
    }
    return bad(c, line, "unknown key '%s' in section '[%s]'", key, section);
}

fc_status
fc_scenario_read(const char *path, fc_scenario *s, fc_err *err)
{
    scn_ctx c;
    FILE *fp;
    int rc;
    const char *slash;

    memset(s, 0, sizeof *s);
    memset(&c, 0, sizeof c);
    fc_projspec_init(&s->proj);
    s->pbma.budget = (double)NAN;
    s->seed = 1;
    snprintf(s->path, sizeof s->path, "%s", path);
    c.s = s;
    c.err = err;
    slash = strrchr(path, '/');
    snprintf(c.dir, sizeof c.dir, "%.*s", slash ? (int)(slash - path) : 0, path);
    if ((fp = fopen(path, "r")) == NULL)
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (scan_lines(fp, &c) != 0) {
        fclose(fp);
        free(c.kv_line);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    rc = ini_parse_file(fp, on_kv, &c);
    fclose(fp);
    free(c.kv_line);
    if (err->status != FC_OK)
        return err->status;
    if (rc > 0)
        return fc_err_at(err, FC_EDATA, path, (size_t)rc, 0, "cannot parse this line (expected "
                         "'[section]' or 'key = value')");
    if (rc < 0)
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot read the scenario file");
    if (s->has_projection && (!s->proj.population || !s->proj.fertility || !s->proj.mortality))
        return fc_err_at(err, FC_EDATA, path, 0, 0, "[projection] needs population, fertility "
                         "and mortality");
    if (s->has_pbma && !s->pbma.options)
        return fc_err_at(err, FC_EDATA, path, 0, 0, "[pbma] needs an options table");
    if (!s->has_projection && !s->has_pbma)
        return fc_err_at(err, FC_EDATA, path, 0, 0, "nothing to run: add a [projection] or "
                         "[pbma] section");
    s->pbma.seed = s->seed;
    if (s->name[0] == '\0') {
        const char *base = slash ? slash + 1 : path;
        snprintf(s->name, sizeof s->name, "%.*s", (int)strcspn(base, "."), base);
    }
    return FC_OK;
}

/* ---------------------------------------------------------------- `fulcrum run` */

static fc_status
cmd_run(int argc, char **argv, fc_warnings *warn, fc_err *err)
{
    const char *scn_path = NULL, *out = NULL;
    fc_scenario *s;
    fc_out *o = NULL;
    fc_status st;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0) {
            if (++i == argc)
                return FC_FAIL(err, FC_EUSAGE, "option '--out' needs a value");
            out = argv[i];
        } else if (strncmp(argv[i], "--out=", 6) == 0) {
            out = argv[i] + 6;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            return FC_FAIL(err, FC_EUSAGE, "unknown option '%s'", argv[i]);
        } else if (scn_path) {
            return FC_FAIL(err, FC_EUSAGE, "one scenario file at a time");
        } else {
            scn_path = argv[i];
        }
    }
    if (scn_path == NULL)
        return FC_FAIL(err, FC_EUSAGE, "missing the scenario file");
    if ((s = malloc(sizeof *s)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = fc_scenario_read(scn_path, s, err)) == FC_OK) {
        char dflt[FC_SCN_PATH_MAX + 8];
        snprintf(dflt, sizeof dflt, "out/%s", s->name);
        if (!out)
            out = s->out[0] ? s->out : dflt;
        if ((st = fc_out_open(out, &o, err)) == FC_OK) {
            if (s->has_projection)
                st = fc_project_run(&s->proj, o, warn, err);
            if (st == FC_OK && s->has_pbma)
                st = fc_pbma_job_run(&s->pbma, o, warn, err);
            if (st == FC_OK)
                st = fc_out_commit(o, err);
        }
        fc_out_free(o);
    }
    free(s);
    return st;
}

const fc_cmd fc_cmd_def_run = {
    "run",
    cmd_run,
    "run a scenario file through the whole chain",
    "fulcrum run SCENARIO [--out DIR]",
    "Reads the scenario file (INI: [run], [projection], [variant NAME], [pbma] sections;\n"
    "paths are relative to the scenario's folder) and runs every stage it configures,\n"
    "writing the outputs to DIR (default: the scenario's [run] out, else out/<name>).\n\n"
    "example:\n"
    "  fulcrum run datasets/example.ini --out out/example\n",
};
