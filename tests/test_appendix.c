/* test_appendix.c: the PDF appendix: two renders of the demo appendix give the same bytes,
 * pages and metadata are as laid out, long tables paginate, and errors are reported. The
 * demo data and appendix come from tests/plots_demo.c (included without its main).
 */
#include "plots/appendix.h"

#include <stdlib.h>
#include <string.h>

#include "tests/test_util.h"

#define FC_PLOTS_DEMO_NO_MAIN
#include "tests/plots_demo.c"

static int
contains(const char *a, size_t n, const char *s)
{
    size_t k = strlen(s), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(a + i, s, k) == 0)
            return 1;
    return 0;
}

static size_t
count(const char *a, size_t n, const char *s)
{
    size_t k = strlen(s), i, c = 0;
    for (i = 0; i + k <= n; i++)
        if (memcmp(a + i, s, k) == 0)
            c++;
    return c;
}

static void
test_fc_appendix_reproducible(void **state)
{
    static demo d;
    fc_membuf ba = {0}, bb = {0};
    fc_sink sa = fc_membuf_sink(&ba), sb = fc_membuf_sink(&bb);
    const char *a, *b;
    size_t na, nb;
    fc_err err = {0};
    fc_palette *pal = NULL;
    (void)state;
    demo_fill(&d);
    demo_plots(&d);
    assert_int_equal(fc_palette_alloc(&pal, &err), FC_OK);
    assert_int_equal(demo_appendix(&d, &sa, pal, &err), FC_OK);
    fc_palette_free(pal);
    assert_int_equal(fc_palette_alloc(&pal, &err), FC_OK);
    assert_int_equal(demo_appendix(&d, &sb, pal, &err), FC_OK);
    fc_palette_free(pal);
    a = (const char *)ba.p;
    b = (const char *)bb.p;
    na = ba.n;
    nb = bb.n;
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    /* metadata from the caller: title, subject, dates; 9 pages (10 before pages were packed:
     * a chart up to 30% too tall for the space left now shrinks to fit); a bookmark per
     * section; the language and an alternative text for each figure */
    assert_true(contains(a, na, "/Title (Analysis appendix)"));
    assert_true(contains(a, na, "/CreationDate (20260331000000)"));
    assert_true(contains(a, na, "/ModDate (20260331000000)"));
    assert_true(contains(a, na, "/Count 9"));
    assert_true(contains(a, na, "/Lang (en-GB)"));
    /* every figure element carries its alternative text (the demo draws 11 charts) */
    assert_int_equal(count(a, na, "/S /Figure"), 11);
    assert_int_equal(count(a, na, "/Alt ("), 11);
    assert_int_equal(count(a, na, "/Type /Page\n") + count(a, na, "/Type /Page "), 9);
    assert_true(contains(a, na, "/Outlines"));
    fc_membuf_fini(&ba);
    fc_membuf_fini(&bb);
}

static void
test_fc_appendix_table_paginates(void **state)
{
    static const char *const head[3] = {"Option", "Cost", "Note"};
    enum { NROW = 120 };
    static char buf[NROW][3][48];
    static const char *cells[NROW * 3];
    fc_membuf buf_pdf = {0};
    fc_sink sink = fc_membuf_sink(&buf_pdf);
    fc_appendix *a = NULL;
    fc_appendix_meta meta = {0};
    fc_appendix_table t = {0};
    fc_err err = {0};
    size_t i, pages_before;
    (void)state;
    for (i = 0; i < NROW; i++) {
        snprintf(buf[i][0], 48, "Option %zu", i + 1);
        snprintf(buf[i][1], 48, "\xc2\xa3%zu,%03zu", 12 + i, (i * 137) % 1000);
        snprintf(buf[i][2], 48, "%s", i % 7 ? "" : "a note long enough to wrap over the cell");
        cells[i * 3] = buf[i][0];
        cells[i * 3 + 1] = buf[i][1];
        cells[i * 3 + 2] = buf[i][2];
    }
    meta.scenario = "Test";
    assert_int_equal(fc_appendix_alloc(&a, &sink, &meta, NULL, NULL, &err), FC_OK);
    assert_int_equal(fc_appendix_pages(a), 1);
    assert_int_equal(fc_appendix_section_begin(a, "Tables", NULL, &err), FC_OK);
    pages_before = fc_appendix_pages(a);
    t.title = "A long table";
    t.nrow = NROW;
    t.ncol = 3;
    t.header = head;
    t.cells = cells;
    assert_int_equal(fc_appendix_table_add(a, &t, &err), FC_OK);
    /* 120 rows of ~14 pt do not fit one page of ~730 pt: the table continues */
    assert_true(fc_appendix_pages(a) >= pages_before + 2);
    assert_int_equal(fc_appendix_finish(a, &err), FC_OK);
    assert_int_equal(fc_appendix_finish(a, &err), FC_EINVAL);
    {
        /* a PDF with as many pages as the appendix counted, its table's title in the outline
         * of the figures and tables, and a language */
        size_t pages = fc_appendix_pages(a);
        const char *pdf = (const char *)buf_pdf.p;
        char want[32];
        fc_appendix_free(a);
        assert_true(buf_pdf.n > 5 && memcmp(pdf, "%PDF-", 5) == 0);
        assert_int_equal(count(pdf, buf_pdf.n, "/Type /Page\n") + count(pdf, buf_pdf.n, "/Type /Page "),
                         pages);
        snprintf(want, sizeof want, "/Count %zu", pages);
        assert_true(contains(pdf, buf_pdf.n, want));
        assert_true(contains(pdf, buf_pdf.n, "/Lang (en-GB)"));
        assert_true(contains(pdf, buf_pdf.n, "/S /Table"));
    }
    fc_membuf_fini(&buf_pdf);
}

static void
test_fc_appendix_errors(void **state)
{
    fc_appendix *a = NULL;
    fc_appendix_meta meta = {0};
    fc_appendix_table t = {0};
    fc_err err = {0};
    fc_membuf buf = {0}, small = {0};
    fc_sink sink = fc_membuf_sink(&buf), tight = fc_membuf_sink(&small);
    (void)state;
    assert_int_equal(fc_appendix_alloc(&a, &sink, &meta, NULL, NULL, &err), FC_EINVAL);
    assert_err(&err, FC_EINVAL, "fulcrum: error: the appendix needs a sink and a scenario");
    fc_err_clear(&err);
    meta.scenario = "S";
    assert_int_equal(fc_appendix_alloc(&a, NULL, &meta, NULL, NULL, &err), FC_EINVAL);
    fc_err_clear(&err);
    /* a sink that fails (a full disk) is FC_EIO at finish, and nothing more is sent after */
    small.limit = 2000;
    assert_int_equal(fc_appendix_alloc(&a, &tight, &meta, NULL, NULL, &err), FC_OK);
    assert_int_equal(fc_appendix_finish(a, &err), FC_EIO);
    assert_err(&err, FC_EIO, "fulcrum: error: cannot write the appendix PDF");
    fc_err_clear(&err);
    fc_appendix_free(a);
    assert_true(small.n <= 2000);
    fc_membuf_fini(&small);
    assert_int_equal(fc_appendix_alloc(&a, &sink, &meta, NULL, NULL, &err), FC_OK);
    assert_int_equal(fc_appendix_table_add(a, &t, &err), FC_EINVAL);
    fc_err_clear(&err);
    assert_int_equal(fc_appendix_plot_add(a, NULL, 0, NULL, &err), FC_EINVAL);
    fc_err_clear(&err);
    {
        /* a chart's own error comes back through the appendix */
        fc_plot bad = {0};
        bad.kind = FC_PLOT_LADDER;
        assert_int_equal(fc_appendix_plot_add(a, &bad, 0, NULL, &err), FC_EINVAL);
        fc_err_clear(&err);
    }
    assert_int_equal(fc_appendix_finish(a, &err), FC_OK);
    fc_appendix_free(a);
    fc_appendix_free(NULL);
    fc_membuf_fini(&buf);
}

static void
test_demo_render_all_files(void **state)
{
    const char *dir = fc_tmpdir();
    fc_err err = {0};
    char p[512];
    size_t i, n;
    (void)state;
    demo d;
    assert_int_equal(demo_render_all(dir, 1, &err), FC_OK);
    demo_fill(&d);
    demo_plots(&d);
    assert_int_equal(d.nplot, sizeof demo_plot_names / sizeof demo_plot_names[0]);
    for (i = 0; i < sizeof demo_plot_names / sizeof demo_plot_names[0]; i++) {
        char *b, want[512];
        const char *title = fc_plot_text(&d.plots[i])->title;
        snprintf(p, sizeof p, "%s/%s.svg", dir, demo_plot_names[i]);
        b = fc_slurp(p, &n);
        assert_non_null(b);
        /* the chart's own words, not just some bytes: its title as the SVG's <title> and as
         * the bold <text> drawn at the top, and its text alternative as the <desc> */
        assert_non_null(title);
        snprintf(want, sizeof want, "<title>%s</title>", title);
        if (!contains(b, n, want))
            print_error("%s.svg lacks %s\n", demo_plot_names[i], want);
        assert_true(contains(b, n, want));
        snprintf(want, sizeof want, "font-weight=\"bold\" fill=\"#222222\">%s</text>", title);
        if (strchr(title, '&') == NULL && strchr(title, '<') == NULL &&
            strlen(title) < 60) /* a title short enough for one line */
            assert_true(contains(b, n, want));
        assert_true(contains(b, n, "<desc>"));
        assert_true(contains(b, n, "id=\"surface1\""));
        free(b);
    }
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fc_appendix_reproducible),
        cmocka_unit_test(test_fc_appendix_table_paginates),
        cmocka_unit_test(test_fc_appendix_errors),
        cmocka_unit_test(test_demo_render_all_files),
    };
    return cmocka_run_group_tests_name("appendix", tests, NULL, NULL);
}
