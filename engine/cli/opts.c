/* opts.c: the option-table parser of every command (opts.h), on getopt_long. */
#include "engine/cli/opts.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/cli/cli.h"

/* The i-th choice whose name (or an alias) is val, or -1. */
static int
choice_index(const char *choices, const char *val)
{
    size_t n = strlen(val);
    int i = 0;
    for (const char *p = choices; *p; i++) {
        size_t len = strcspn(p, ",");
        for (const char *q = p; q < p + len;) {
            size_t alen = strcspn(q, "/,");
            if (alen == n && strncmp(q, val, n) == 0)
                return i;
            q += alen + (q[alen] == '/');
        }
        p += len + (p[len] == ',');
    }
    return -1;
}

/* "--name must be 'a', 'b' or 'c'": the first name of each choice. */
static fc_status
choice_fail(const fc_opt *o, fc_err *err)
{
    char list[256] = "";
    size_t k = 0, nchoice = 1;
    for (const char *p = o->choices; *p; p++)
        nchoice += *p == ',';
    size_t i = 0;
    for (const char *p = o->choices; *p && k < sizeof list - 1; i++) {
        size_t len = strcspn(p, ","), first = strcspn(p, "/,");
        k += (size_t)snprintf(list + k, sizeof list - k, "%s'%.*s'",
                              i == 0 ? "" : i + 1 == nchoice ? " or " : ", ", (int)first, p);
        p += len + (p[len] == ',');
    }
    return FC_FAIL(err, FC_EUSAGE, "--%s must be %s", o->name, list);
}

static fc_status
take(const fc_opt *o, const char *val, fc_err *err)
{
    char opt[80];
    long l;
    fc_status st;
    int i;

    snprintf(opt, sizeof opt, "--%s", o->name);
    switch (o->type) {
    case FC_OPT_STR:
        if (val[0] == '\0') /* a file, folder or name: never empty */
            return FC_FAIL(err, FC_EUSAGE, "option '%s' needs a value, not an empty string",
                           opt);
        *(const char **)o->dst = val;
        return FC_OK;
    case FC_OPT_LONG:
        return fc_opt_long(opt, val, o->lo, o->hi, (long *)o->dst, err);
    case FC_OPT_INT:
        if ((st = fc_opt_long(opt, val, o->lo, o->hi, &l, err)) != FC_OK)
            return st;
        *(int *)o->dst = (int)l;
        return FC_OK;
    case FC_OPT_DOUBLE: {
        double *x = o->dst;
        if ((st = fc_opt_double(opt, val, x, err)) != FC_OK)
            return st;
        if (o->min < o->max && !(*x >= o->min && *x <= o->max))
            return FC_FAIL(err, FC_EUSAGE, "option '%s': %g is outside %g..%g", opt, *x, o->min,
                           o->max);
        return FC_OK;
    }
    case FC_OPT_FLAG:
        *(int *)o->dst = 1;
        return FC_OK;
    case FC_OPT_SET:
        *(int *)o->dst = (int)o->lo;
        return FC_OK;
    case FC_OPT_CHOICE:
        if ((i = choice_index(o->choices, val)) < 0)
            return choice_fail(o, err);
        *(int *)o->dst = o->values ? o->values[i] : i;
        return FC_OK;
    case FC_OPT_CALL:
        return o->fn(o->ctx, opt, val, err);
    case FC_OPT_ACT:
        return o->fn(o->ctx, opt, NULL, err);
    }
    return FC_FAIL(err, FC_EINVAL, "option '%s' has no type", opt);
}

static int
takes_value(const fc_opt *o)
{
    return o->type != FC_OPT_FLAG && o->type != FC_OPT_SET && o->type != FC_OPT_ACT;
}

fc_status
fc_opts_parse(int argc, char **argv, const fc_opt opts[], const char **pos, size_t maxpos,
              size_t *npos, fc_err *err)
{
    size_t n = 0, ns = 1;
    struct option *lo;
    char shorts[128] = ":";
    fc_status st = FC_OK;
    int c;

    *npos = 0;
    while (opts[n].name)
        n++;
    if ((lo = calloc(n + 1, sizeof *lo)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        lo[i].name = opts[i].name;
        lo[i].has_arg = takes_value(&opts[i]) ? required_argument : no_argument;
        lo[i].val = 256 + (int)i;
        if (opts[i].shortname && ns + 2 < sizeof shorts) {
            shorts[ns++] = opts[i].shortname;
            if (takes_value(&opts[i]))
                shorts[ns++] = ':';
        }
    }
    shorts[ns] = '\0';
    optind = 0;
    opterr = 0;
    while (st == FC_OK && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
        size_t i = n;
        if (c >= 256) {
            i = (size_t)(c - 256);
        } else if (c != ':' && c != '?') {
            for (i = 0; i < n && opts[i].shortname != c; i++)
                ;
        }
        if (c == ':')
            st = FC_FAIL(err, FC_EUSAGE, "option '%s' needs a value", argv[optind - 1]);
        else if (i == n)
            st = FC_FAIL(err, FC_EUSAGE, "unknown option '%s'", argv[optind - 1]);
        else if ((st = take(&opts[i], optarg, err)) == FC_OK && opts[i].seen)
            ++*opts[i].seen;
    }
    for (int i = optind; st == FC_OK && i < argc; i++) {
        if (*npos == maxpos)
            st = FC_FAIL(err, FC_EUSAGE, "unexpected argument '%s'", argv[i]);
        else
            pos[(*npos)++] = argv[i];
    }
    free(lo);
    return st;
}
