/* ceac.c: CEAC curves (see ceac.h). */
#include "plots/ceac.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plots/chart_int.h"
#include "plots/lines.h"

fc_status
fc_ceac_draw(fc_chart *c, const fc_ceac *a, fc_err *err)
{
    fc_lines l = {0};
    fc_series *s = NULL;
    char **labels = NULL;
    fc_axis_fmt wf;
    size_t i, k;
    fc_status st;

    if (a == NULL || a->n_wtp < 2 || a->n_opt == 0 || a->wtp == NULL || a->prob == NULL ||
        a->labels == NULL || (a->n_ref > 0 && a->ref == NULL))
        return FC_FAIL(err, FC_EINVAL, "CEAC needs two or more WTP values and options");
    for (i = 0; i < a->n_wtp * a->n_opt; i++)
        if (!(a->prob[i] >= 0 && a->prob[i] <= 1))
            return FC_FAIL(err, FC_EDATA, "CEAC probability %g is outside [0, 1]", a->prob[i]);
    s = calloc(a->n_opt, sizeof *s);
    labels = calloc(a->n_ref + 1, sizeof *labels);
    if (s == NULL || labels == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a CEAC");
        goto done;
    }
    for (k = 0; k < a->n_opt; k++) {
        s[k].name = a->labels[k];
        s[k].y = a->prob + k * a->n_wtp;
    }
    for (i = 0; i < a->n_ref; i++) {
        labels[i] = malloc(FC_AXIS_LABEL_MAX);
        if (labels[i] == NULL) {
            st = FC_FAIL(err, FC_ENOMEM, "out of memory drawing a CEAC");
            goto done;
        }
        fc_axis_fmt_choose(&wf, FC_FMT_GBP, a->ref[i], 0);
        wf.decimals = 0;
        fc_axis_fmt_value(&wf, a->ref[i], labels[i], FC_AXIS_LABEL_MAX);
    }
    l.text = a->text;
    l.n_x = a->n_wtp;
    l.x = a->wtp;
    l.n_series = a->n_opt;
    l.series = s;
    l.x_fmt = FC_FMT_GBP;
    l.y_fmt = FC_FMT_PERCENT;
    l.y_min = 0;
    l.y_max = 1;
    l.x_split = (double)NAN;
    l.n_xref = a->n_ref;
    l.xref = a->ref;
    l.xref_labels = (const char *const *)labels;
    st = fc_lines_draw(c, &l, err);
done:
    if (labels)
        for (i = 0; i < a->n_ref; i++)
            free(labels[i]);
    free(labels);
    free(s);
    return st;
}
