/* sweep.c: the runs of a batch: --set overrides and the runs of a [sweep], each applied as a last scenario entry located where it was written (batch_int.h). */
#include "engine/chain/batch_int.h"

/* ------------------------------------------------------------------------ overrides */

fc_status
fc_set_split(const char *arg, char *buf, size_t cap, const char **section, const char **key,
             const char **value, fc_err *err)
{
    char *eq, *dot;
    if (snprintf(buf, cap, "%s", arg) >= (int)cap)
        return FC_FAIL(err, FC_EUSAGE, "--set '%s' is too long", arg);
    if ((eq = strchr(buf, '=')) == NULL)
        return FC_FAIL(err, FC_EUSAGE, "--set '%s': expected SECTION.KEY=VALUE", arg);
    *eq = '\0';
    if ((dot = strrchr(buf, '.')) == NULL || dot == buf || dot[1] == '\0')
        return FC_FAIL(err, FC_EUSAGE, "--set '%s': expected SECTION.KEY=VALUE", arg);
    *dot = '\0';
    *section = buf;
    *key = dot + 1;
    *value = eq + 1;
    return FC_OK;
}

/* Sets section.key = value as the last entry, located at file:line for its errors (paths in
 * the value are then relative to file's folder). */
fc_status
bt_set_at(fc_scenario *s, const char *section, const char *key, const char *value, const char *file,
       int line, fc_err *err)
{
    fc_status st = fc_scn_set(s, section, key, value, err);
    if (st == FC_OK) {
        s->e[s->n - 1].file = file;
        s->e[s->n - 1].line = line;
    }
    return st;
}

fc_status
bt_apply_sets(fc_scenario *s, const char *const *set, size_t nset, fc_err *err)
{
    char buf[2048];
    const char *sec, *key, *val;
    fc_status st;
    for (size_t i = 0; i < nset; i++) {
        if ((st = fc_set_split(set[i], buf, sizeof buf, &sec, &key, &val, err)) != FC_OK ||
            (st = bt_set_at(s, sec, key, val, "--set", 0, err)) != FC_OK)
            return st;
    }
    return FC_OK;
}


/* ------------------------------------------------------------------------ sweeps */


void
bt_sweep_fini(sweep *w)
{
    for (size_t i = 0; i < w->n; i++) {
        free(w->value[i]);
        if (w->label)
            free(w->label[i]);
    }
    free(w->value);
    free(w->label);
    memset(w, 0, sizeof *w);
}

/* Splits a comma-separated list, trimming blanks; empty items are an error at e. */
static fc_status
split_list(const fc_scn_entry *e, char ***out, size_t *n, fc_err *err)
{
    const char *p = e->value;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    for (;;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        while (len && (*p == ' ' || *p == '\t'))
            p++, len--;
        while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
            len--;
        if (len == 0)
            return fc_scn_fail(e, err, "empty item in the list for '%s'", e->key);
        if (*n == MAX_SWEEP)
            return fc_scn_fail(e, err, "more than %d values", MAX_SWEEP);
        if (*n == cap) {
            cap = cap ? 2 * cap : 8;
            char **v = realloc(*out, cap * sizeof *v);
            if (v == NULL)
                return FC_FAIL(err, FC_ENOMEM, "out of memory");
            *out = v;
        }
        if (((*out)[*n] = strndup(p, len)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        (*n)++;
        if (!end)
            return FC_OK;
        p = end + 1;
    }
}

/* Reads [sweep] (marking its keys used). w->n = 0 when the scenario has none. */
fc_status
bt_sweep_read(fc_scenario *s, sweep *w, fc_err *err)
{
    const char *dot;
    char **labels = NULL;
    size_t nlabel = 0;
    fc_status st;

    memset(w, 0, sizeof *w);
    if (!fc_scn_has(s, "sweep"))
        return FC_OK;
    w->param = fc_scn_get(s, "sweep", "parameter");
    w->values = fc_scn_get(s, "sweep", "values");
    w->names = fc_scn_get(s, "sweep", "names");
    if (w->param == NULL || w->values == NULL)
        return fc_scn_fail_file(s, err, "[sweep] needs 'parameter' (SECTION.KEY) and 'values'");
    dot = strrchr(w->param->value, '.');
    if (dot == NULL || dot == w->param->value || dot[1] == '\0' ||
        (size_t)(dot - w->param->value) >= sizeof w->section || strlen(dot + 1) >= sizeof w->key)
        return fc_scn_fail(w->param, err,
                           "parameter must be SECTION.KEY, e.g. pbma.budget, not '%s'",
                           w->param->value);
    snprintf(w->section, sizeof w->section, "%.*s", (int)(dot - w->param->value), w->param->value);
    snprintf(w->key, sizeof w->key, "%s", dot + 1);
    if (strcasecmp(w->section, "sweep") == 0 || strcmp(w->key, "include") == 0)
        return fc_scn_fail(w->param, err, "cannot sweep '%s'", w->param->value);
    if ((st = split_list(w->values, &w->value, &w->n, err)) != FC_OK)
        return st;
    if (w->names) {
        st = split_list(w->names, &labels, &nlabel, err);
        w->label = labels;
        if (st != FC_OK) {
            for (size_t i = 0; i < nlabel; i++)
                free(labels[i]);
            free(labels);
            w->label = NULL;
            return st;
        }
        if (nlabel != w->n) {
            for (size_t i = 0; i < nlabel; i++)
                free(labels[i]);
            free(labels);
            w->label = NULL;
            return fc_scn_fail(w->names, err, "%zu names for %zu values", nlabel, w->n);
        }
        for (size_t i = 0; i < nlabel; i++)
            if (strpbrk(labels[i], "/\\"))
                return fc_scn_fail(w->names, err, "name '%s' has a '/'", labels[i]);
    }
    return FC_OK;
}

/* name-label, or name-value with unsafe characters replaced; 0 when it does not fit. */
int
bt_sweep_name(char *out, size_t cap, const char *name, const sweep *w, size_t i)
{
    int n;
    if (w->label)
        return (n = snprintf(out, cap, "%s-%s", name, w->label[i])) >= 0 && (size_t)n < cap;
    if ((n = snprintf(out, cap, "%s-%s", name, w->value[i])) < 0 || (size_t)n >= cap)
        return 0;
    for (size_t k = strlen(name) + 1; out[k]; k++) {
        char c = out[k];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '+' || c == '-'))
            out[k] = '_';
    }
    return 1;
}

