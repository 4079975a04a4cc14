/* palette.c: colours: the house palette, Okabe-Ito families and the contrast rules of the charts (chart_int.h). */
#include "plots/chart_int.h"

/* ============================================================================= colours */

fc_rgb
fc_rgb_hex(unsigned hex)
{
    fc_rgb c;
    c.r = (double)((hex >> 16) & 0xFFu) / 255.0;
    c.g = (double)((hex >> 8) & 0xFFu) / 255.0;
    c.b = (double)(hex & 0xFFu) / 255.0;
    return c;
}

static double
srgb_linear(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

double
fc_rgb_luminance(fc_rgb c)
{
    return 0.2126 * srgb_linear(c.r) + 0.7152 * srgb_linear(c.g) + 0.0722 * srgb_linear(c.b);
}

double
fc_rgb_contrast(fc_rgb a, fc_rgb b)
{
    double la = fc_rgb_luminance(a), lb = fc_rgb_luminance(b);
    return (fmax(la, lb) + 0.05) / (fmin(la, lb) + 0.05);
}

fc_rgb
fc_rgb_ramp(double t)
{
    /* single-hue blue ramp (ColorBrewer Blues end points): #DEEBF7 -> #08519C */
    fc_rgb a = fc_rgb_hex(0xDEEBF7u), b = fc_rgb_hex(0x08519Cu), c;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    c.r = a.r + (b.r - a.r) * t;
    c.g = a.g + (b.g - a.g) * t;
    c.b = a.b + (b.b - a.b) * t;
    return c;
}

fc_rgb
fc_ck_tint(fc_rgb col, double t)
{
    col.r += (1 - col.r) * t;
    col.g += (1 - col.g) * t;
    col.b += (1 - col.b) * t;
    return col;
}

static const unsigned okabe_ito[FC_OKABE_ITO_N] = {
    FC_RGB_ORANGE,     FC_RGB_SKY,    FC_RGB_GREEN, FC_RGB_BLUE,
    FC_RGB_VERMILLION, FC_RGB_PURPLE, FC_RGB_BLACK, FC_RGB_YELLOW,
};


struct fc_palette {
    pal_entry *e;
    size_t n, cap;
    size_t next; /* next Okabe-Ito index to hand out */
};

void
fc_palette_free(fc_palette *pal)
{
    size_t i;
    if (pal == NULL)
        return;
    for (i = 0; i < pal->n; i++)
        free(pal->e[i].name);
    free(pal->e);
    free(pal);
}

static pal_entry *
pal_find(fc_palette *pal, const char *name)
{
    size_t i;
    for (i = 0; i < pal->n; i++)
        if (strcmp(pal->e[i].name, name) == 0)
            return &pal->e[i];
    return NULL;
}

static int
pal_used(const fc_palette *pal, fc_rgb col)
{
    size_t i;
    for (i = 0; i < pal->n; i++)
        if (pal->e[i].col.r == col.r && pal->e[i].col.g == col.g && pal->e[i].col.b == col.b)
            return 1;
    return 0;
}

static int
pal_add(fc_palette *pal, const char *name, fc_rgb col)
{
    pal_entry *e;
    if (pal->n == pal->cap) {
        size_t cap = pal->cap ? pal->cap * 2 : 16;
        e = realloc(pal->e, cap * sizeof *e);
        if (e == NULL)
            return -1;
        pal->e = e;
        pal->cap = cap;
    }
    e = &pal->e[pal->n];
    e->name = malloc(strlen(name) + 1);
    if (e->name == NULL)
        return -1;
    strcpy(e->name, name);
    e->col = col;
    pal->n++;
    return 0;
}

fc_status
fc_palette_set(fc_palette *pal, const char *name, fc_rgb colour, fc_err *err)
{
    pal_entry *e;
    if (pal == NULL || name == NULL)
        return FC_FAIL(err, FC_EINVAL, "palette and series name must not be NULL");
    e = pal_find(pal, name);
    if (e) {
        e->col = colour;
        return FC_OK;
    }
    if (pal_add(pal, name, colour) != 0)
        return FC_FAIL(err, FC_ENOMEM, "out of memory adding '%s' to the palette", name);
    return FC_OK;
}

fc_status
fc_palette_alloc(fc_palette **out, fc_err *err)
{
    fc_palette *pal = calloc(1, sizeof *pal);
    fc_status st = FC_OK;
    if (pal == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory allocating a palette");
    /* Sex pair: blue and orange, as in the pyramid; never red and green. */
    if ((st = fc_palette_set(pal, "Male", fc_rgb_hex(FC_RGB_BLUE), err)) != FC_OK)
        goto fail;
    if ((st = fc_palette_set(pal, "Female", fc_rgb_hex(FC_RGB_ORANGE), err)) != FC_OK)
        goto fail;
    *out = pal;
    return FC_OK;
fail:
    fc_palette_free(pal);
    return st;
}

fc_rgb
fc_palette_get(fc_palette *pal, const char *name)
{
    pal_entry *e;
    fc_rgb col;
    size_t k;
    if (pal == NULL || name == NULL)
        return fc_rgb_hex(FC_RGB_BLACK);
    e = pal_find(pal, name);
    if (e)
        return e->col;
    /* the next Okabe-Ito colour not yet taken; cycle when all are */
    col = fc_rgb_hex(okabe_ito[pal->next % FC_OKABE_ITO_N]);
    for (k = 0; k < FC_OKABE_ITO_N; k++) {
        fc_rgb cand = fc_rgb_hex(okabe_ito[(pal->next + k) % FC_OKABE_ITO_N]);
        if (!pal_used(pal, cand)) {
            col = cand;
            pal->next += k;
            break;
        }
    }
    pal->next++;
    if (pal_add(pal, name, col) != 0)
        return fc_rgb_hex(FC_RGB_BLACK);
    return col;
}

