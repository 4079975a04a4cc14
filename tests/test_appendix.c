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
    const char *dir = fc_tmpdir();
    char pa[512], pb[512];
    char *a, *b;
    size_t na, nb;
    fc_err err = {0};
    fc_palette *pal = NULL;
    (void)state;
    demo_fill(&d);
    demo_plots(&d);
    snprintf(pa, sizeof pa, "%s/a.pdf", dir);
    snprintf(pb, sizeof pb, "%s/b.pdf", dir);
    assert_int_equal(fc_palette_alloc(&pal, &err), FC_OK);
    assert_int_equal(demo_appendix(&d, pa, pal, &err), FC_OK);
    fc_palette_free(pal);
    assert_int_equal(fc_palette_alloc(&pal, &err), FC_OK);
    assert_int_equal(demo_appendix(&d, pb, pal, &err), FC_OK);
    fc_palette_free(pal);
    a = fc_slurp(pa, &na);
    b = fc_slurp(pb, &nb);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    /* metadata from the caller: title, subject, dates; 10 pages; a bookmark per section */
    assert_true(contains(a, na, "/Title (Analysis appendix)"));
    assert_true(contains(a, na, "/CreationDate (20260331000000)"));
    assert_true(contains(a, na, "/ModDate (20260331000000)"));
    assert_true(contains(a, na, "/Count 10"));
    assert_int_equal(count(a, na, "/Type /Page\n") + count(a, na, "/Type /Page "), 10);
    assert_true(contains(a, na, "/Outlines"));
    free(a);
    free(b);
}

static void
test_fc_appendix_table_paginates(void **state)
{
    static const char *const head[3] = {"Option", "Cost", "Note"};
    enum { NROW = 120 };
    static char buf[NROW][3][48];
    static const char *cells[NROW * 3];
    const char *path;
    char p[512];
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
    path = fc_tmpdir();
    snprintf(p, sizeof p, "%s/table.pdf", path);
    meta.scenario = "Test";
    assert_int_equal(fc_appendix_alloc(&a, p, &meta, NULL, NULL, &err), FC_OK);
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
    fc_appendix_free(a);
}

static void
test_fc_appendix_errors(void **state)
{
    fc_appendix *a = NULL;
    fc_appendix_meta meta = {0};
    fc_appendix_table t = {0};
    fc_err err = {0};
    char p[512];
    (void)state;
    assert_int_equal(fc_appendix_alloc(&a, "/tmp/x.pdf", &meta, NULL, NULL, &err), FC_EINVAL);
    assert_err(&err, FC_EINVAL, "fulcrum: error: the appendix needs a path and a scenario");
    fc_err_clear(&err);
    meta.scenario = "S";
    assert_int_equal(fc_appendix_alloc(&a, "/nonexistent-dir/x.pdf", &meta, NULL, NULL, &err),
                     FC_EIO);
    assert_err(&err, FC_EIO, "fulcrum: error: cannot create '/nonexistent-dir/x.pdf'");
    fc_err_clear(&err);
    snprintf(p, sizeof p, "%s/e.pdf", fc_tmpdir());
    assert_int_equal(fc_appendix_alloc(&a, p, &meta, NULL, NULL, &err), FC_OK);
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
}

static void
test_demo_render_all_files(void **state)
{
    const char *dir = fc_tmpdir();
    fc_err err = {0};
    char p[512];
    size_t i, n;
    (void)state;
    assert_int_equal(demo_render_all(dir, 1, &err), FC_OK);
    for (i = 0; i < sizeof demo_plot_names / sizeof demo_plot_names[0]; i++) {
        char *b;
        snprintf(p, sizeof p, "%s/%s.svg", dir, demo_plot_names[i]);
        b = fc_slurp(p, &n);
        assert_non_null(b);
        assert_true(n > 1000);
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
