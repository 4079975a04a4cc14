/* test_opts.c: the option-table parser of every command (engine/cli/opts.h). */
#include "engine/cli/opts.h"

#include <stdio.h>
#include <string.h>

#include "tests/test_util.h"

enum { MAXA = 40 };

typedef struct seen_log {
    char order[64]; /* the CALL and ACT options in the order given */
} seen_log;

static fc_status
note(void *ctx, const char *opt, const char *val, fc_err *err)
{
    seen_log *l = ctx;
    (void)err;
    strcat(l->order, opt + 2);
    strcat(l->order, val ? "=" : "");
    strcat(l->order, val ? val : "");
    strcat(l->order, ";");
    return FC_OK;
}

typedef struct vals {
    const char *out;
    int year, flag, level, mode, n;
    long draws;
    double rate, share;
    seen_log log;
} vals;

/* argv from a space-separated line ("cmd --a 1 x") in buf */
static int
split(char *buf, char *argv[MAXA])
{
    int n = 0;
    for (char *t = strtok(buf, " "); t && n < MAXA - 1; t = strtok(NULL, " "))
        argv[n++] = t;
    argv[n] = NULL;
    return n;
}

static fc_status
parse(const char *line, vals *v, const char **pos, size_t maxpos, size_t *npos, fc_err *err)
{
    static char buf[256];
    char *argv[MAXA];
    snprintf(buf, sizeof buf, "%s", line);
    int argc = split(buf, argv);
    assert_true(argc < MAXA - 1); /* the line fitted */
    memset(v, 0, sizeof *v);
    const fc_opt opts[] = {
        FC_OPT_STR_("out", &v->out),
        FC_OPT_INT_("year", &v->year, 1000, 3100),
        FC_OPT_LONG_("draws", &v->draws, 0, 100),
        FC_OPT_DOUBLE_("rate", &v->rate),
        FC_OPT_RANGE_("share", &v->share, 0, 1),
        FC_OPT_FLAG_("raw", &v->flag),
        {.name = "quiet", .type = FC_OPT_SET, .dst = &v->level, .lo = 3, .shortname = 'q'},
        FC_OPT_CHOICE_("mode", &v->mode, "half,end/at-end", ((const int[]){7, 9})),
        {.name = "set", .type = FC_OPT_CALL, .fn = note, .ctx = &v->log, .seen = &v->n},
        FC_OPT_ACT_("go", note, &v->log),
        FC_OPT_END,
    };
    fc_err_clear(err);
    return fc_opts_parse(argc, argv, opts, pos, maxpos, npos, err);
}

static void
test_opts_parse_types(void **state)
{
    vals v;
    const char *pos[3];
    size_t npos;
    fc_err err;
    (void)state;
    assert_int_equal(parse("cmd a --out o --year=2031 --draws 7 --rate 0.0137 --share 0.25 --raw "
                           "-q --mode at-end --set x=1 b --go --set y=2",
                           &v, pos, 3, &npos, &err), FC_OK);
    assert_string_equal(v.out, "o");
    assert_int_equal(v.year, 2031);
    assert_int_equal(v.draws, 7);
    assert_close(v.rate, 0.0137, 0, 0);
    assert_close(v.share, 0.25, 0, 0);
    assert_int_equal(v.flag, 1);
    assert_int_equal(v.level, 3);
    assert_int_equal(v.mode, 9); /* the alias of the second choice */
    assert_int_equal(v.n, 2);    /* --set seen twice */
    assert_string_equal(v.log.order, "set=x=1;go;set=y=2;"); /* in the order given */
    assert_int_equal(npos, 2);   /* arguments anywhere, in order */
    assert_string_equal(pos[0], "a");
    assert_string_equal(pos[1], "b");
}

static void
test_opts_parse_errors(void **state)
{
    static const struct {
        const char *line, *msg;
    } cases[] = {
        {"cmd --bogus", "unknown option '--bogus'"},
        {"cmd -x", "unknown option '-x'"},
        {"cmd --out", "option '--out' needs a value"},
        {"cmd --year 99", "option '--year': 99 is outside 1000..3100"},
        {"cmd --year 20x1", "option '--year': '20x1' is not an integer"},
        {"cmd --rate 1e400", "option '--rate': '1e400' is not a finite number"},
        {"cmd --rate nan", "option '--rate': 'nan' is not a finite number"},
        {"cmd --rate 0x1p0", "option '--rate': '0x1p0' is not a number"},
        {"cmd --rate 2e15", "option '--rate': '2e15' is larger in magnitude than 1e+15"},
        {"cmd --share 1.5", "option '--share': 1.5 is outside 0..1"},
        {"cmd --mode middle", "--mode must be 'half' or 'end'"},
        {"cmd a b", "unexpected argument 'b'"},
    };
    vals v;
    const char *pos[1];
    size_t npos;
    fc_err err;
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(parse(cases[i].line, &v, pos, 1, &npos, &err), FC_EUSAGE);
        if (strstr(err.msg, cases[i].msg) == NULL)
            fail_msg("'%s': '%s' lacks '%s'", cases[i].line, err.msg, cases[i].msg);
    }
    /* no positional arguments allowed at all */
    assert_int_equal(parse("cmd a", &v, NULL, 0, &npos, &err), FC_EUSAGE);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts_parse_types),
        cmocka_unit_test(test_opts_parse_errors),
    };
    return cmocka_run_group_tests_name("opts", tests, NULL, NULL);
}
