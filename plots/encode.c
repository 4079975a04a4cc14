/* encode.c: the chart encoders: SVG and PNG (with its pHYs and iTXt chunks) into the caller's sink (chart_int.h). */
#include "plots/chart_int.h"

int
fc_ck_buf_add(char **buf, size_t *len, size_t *cap, size_t first, const void *data, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : first;
        char *p;
        while (c < *len + n + 1)
            c *= 2;
        if ((p = realloc(*buf, c)) == NULL)
            return 0;
        *buf = p;
        *cap = c;
    }
    memcpy(*buf + *len, data, n);
    *len += n;
    (*buf)[*len] = '\0';
    return 1;
}

/* Cairo's SVG stream callback: collects the document in memory. */
cairo_status_t
fc_ck_out_write(void *closure, const unsigned char *data, unsigned int length)
{
    fc_chart *c = closure;
    if (!fc_ck_buf_add(&c->out, &c->out_len, &c->out_cap, 65536, data, length)) {
        c->out_nomem = 1;
        return CAIRO_STATUS_NO_MEMORY;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Cairo's PDF stream callback: hands the bytes straight to the sink. */
cairo_status_t
fc_ck_sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    fc_chart *c = closure;
    if (c->sink_failed || c->sink.write(c->sink.closure, data, length) != 0) {
        c->sink_failed = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    return CAIRO_STATUS_SUCCESS;
}

/* Hands n bytes to the sink; returns 0 once the sink has failed. */
static int
emit(fc_chart *c, const void *data, size_t n)
{
    if (!c->sink_failed && n > 0 && c->sink.write(c->sink.closure, data, n) != 0)
        c->sink_failed = 1;
    return !c->sink_failed;
}

static int
emit_str(fc_chart *c, const char *s)
{
    return emit(c, s, strlen(s));
}

/* Emits s with XML's special characters escaped; returns 0 on a sink error. */
static int
xml_put(fc_chart *c, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *e = *s == '&'   ? "&amp;"
                        : *s == '<' ? "&lt;"
                        : *s == '>' ? "&gt;"
                        : *s == '"' ? "&quot;"
                                    : NULL;
        if (e && !(emit(c, run, (size_t)(s - run)) && emit_str(c, e)))
            return 0;
        if (e)
            run = s + 1;
    }
    return emit(c, run, (size_t)(s - run));
}

/* Cairo names SVG groups "surface<N>" from a process-wide counter, so two renders in one
 * process differ. Renumbers every "surface<digits>" in order of first appearance (keeping
 * references consistent) and hands the document to the sink: the same drawing gives the
 * same bytes. */
fc_status
fc_ck_svg_save(fc_chart *c, fc_err *err)
{
    unsigned long seen[64];
    size_t nseen = 0, i = 0, k, lim = c->out_len;
    int ok = 1;
    static const char key[] = "surface";

    /* the text goes last, as <text> elements over the drawing (text.c) */
    if (c->svgt_len > 0)
        for (k = c->out_len; k-- > 0;)
            if (k + 6 <= c->out_len && memcmp(c->out + k, "</svg>", 6) == 0) {
                lim = k;
                break;
            }

    /* the accessible title and description go first inside the root <svg> element */
    if (c->meta_title || c->meta_desc) {
        const char *open = c->out_len > 0 ? strstr(c->out, "<svg") : NULL;
        const char *end = open ? strchr(open, '>') : NULL;
        if (end && (size_t)(end - c->out) < c->out_len) {
            i = (size_t)(end - c->out) + 1;
            ok = emit(c, c->out, i);
            if (ok && c->meta_title)
                ok = emit_str(c, "\n<title>") && xml_put(c, c->meta_title) &&
                     emit_str(c, "</title>");
            if (ok && c->meta_desc)
                ok = emit_str(c, "\n<desc>") && xml_put(c, c->meta_desc) &&
                     emit_str(c, "</desc>");
        }
    }

    while (ok && i < lim) {
        const char *hit = NULL;
        size_t j;
        for (j = i; j + sizeof key - 1 < lim; j++)
            if (memcmp(c->out + j, key, sizeof key - 1) == 0 && c->out[j + sizeof key - 1] >= '0' &&
                c->out[j + sizeof key - 1] <= '9') {
                hit = c->out + j;
                break;
            }
        if (hit == NULL) {
            ok = emit(c, c->out + i, lim - i);
            break;
        } else {
            size_t at = (size_t)(hit - c->out) + sizeof key - 1, end = at;
            unsigned long num = 0;
            char buf[32];
            int len;
            while (end < c->out_len && c->out[end] >= '0' && c->out[end] <= '9')
                num = num * 10 + (unsigned long)(c->out[end++] - '0');
            for (k = 0; k < nseen && seen[k] != num; k++)
                ;
            if (k == nseen && nseen < sizeof seen / sizeof seen[0])
                seen[nseen++] = num;
            len = snprintf(buf, sizeof buf, "%s%zu", key, k + 1);
            ok = emit(c, c->out + i, at - (sizeof key - 1) - i) && emit(c, buf, (size_t)len);
            i = end;
        }
    }
    if (ok && lim < c->out_len)
        ok = emit_str(c, "<g id=\"text\">\n") && emit(c, c->svgt, c->svgt_len) &&
             emit_str(c, "</g>\n") && emit(c, c->out + lim, c->out_len - lim);
    if (!ok)
        return FC_FAIL(err, FC_EIO, "cannot write the SVG chart");
    return FC_OK;
}

/* CRC-32 of PNG chunks (ISO 3309 polynomial, as in the PNG specification, annex D). */
static uint32_t
png_crc(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

static void
put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Emits an uncompressed iTXt chunk (UTF-8 text under a keyword); returns 0 on failure. */
static int
png_itxt(fc_chart *c, const char *key, const char *text)
{
    size_t nk = strlen(key), nt = strlen(text), n = 4 + nk + 5 + nt;
    unsigned char *ch = malloc(n + 8);
    int ok;
    if (ch == NULL)
        return 0;
    put_be32(ch, (uint32_t)(n - 4));
    memcpy(ch + 4, "iTXt", 4);
    memcpy(ch + 8, key, nk);
    memset(ch + 8 + nk, 0, 5); /* NUL, no compression, method 0, no language, no translation */
    memcpy(ch + 8 + nk + 5, text, nt);
    put_be32(ch + 4 + n, png_crc(ch + 4, n));
    ok = emit(c, ch, n + 8);
    free(ch);
    return ok;
}

/* Emits the PNG Cairo produced with a pHYs chunk after IHDR, so word processors place the
 * image at its true size (Cairo records no resolution; 1004 px would otherwise paste as
 * 10.5 inches at 96 dpi). */
fc_status
fc_ck_png_save(fc_chart *c, fc_err *err)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    unsigned char chunk[21];
    uint32_t ppm = (uint32_t)lround(c->scale * 72.0 / 0.0254);
    const size_t ihdr_end = 8 + 4 + 4 + 13 + 4;
    int ok;

    if (c->out_len < ihdr_end || memcmp(c->out, sig, 8) != 0 || memcmp(c->out + 12, "IHDR", 4))
        return FC_FAIL(err, FC_EIO, "cannot write the PNG chart: Cairo produced no PNG");
    put_be32(chunk, 9);
    memcpy(chunk + 4, "pHYs", 4);
    put_be32(chunk + 8, ppm);
    put_be32(chunk + 12, ppm);
    chunk[16] = 1; /* unit: metre */
    put_be32(chunk + 17, png_crc(chunk + 4, 13));
    ok = emit(c, c->out, ihdr_end) && emit(c, chunk, sizeof chunk);
    if (ok && c->meta_title)
        ok = png_itxt(c, "Title", c->meta_title);
    if (ok && c->meta_desc)
        ok = png_itxt(c, "Description", c->meta_desc);
    ok = ok && emit(c, c->out + ihdr_end, c->out_len - ihdr_end);
    if (!ok)
        return FC_FAIL(err, FC_EIO, "cannot write the PNG chart");
    return FC_OK;
}
