/* test_manifest.c: SHA-256 against NIST's published digests, manifest.json written through an
 * output transaction and read back, byte-identical on a rewrite, sorted keys, the defaults the
 * scenario getters record, located errors for bad manifests, and the writer's kept tables. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/io/manifest.h"
#include "engine/io/out.h"
#include "engine/io/scenario.h"
#include "tests/test_util.h"

/* FIPS 180-2 appendix B examples (NIST): "abc", the 448-bit message, and the empty string. */
#define SHA_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define MSG_448 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
#define SHA_448 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
test_sha256_nist(void **state)
{
    char hex[FC_SHA256_HEX];
    unsigned long long bytes = 99;
    fc_err err = {0};
    (void)state;
    fc_sha256_mem("abc", 3, hex);
    assert_string_equal(hex, SHA_ABC);
    fc_sha256_mem(MSG_448, strlen(MSG_448), hex);
    assert_string_equal(hex, SHA_448);
    fc_sha256_mem("", 0, hex);
    assert_string_equal(hex, SHA_EMPTY);
    assert_int_equal(fc_sha256_file(fc_tmpfile("abc.txt", "abc"), hex, &bytes, &err), FC_OK);
    assert_string_equal(hex, SHA_ABC);
    assert_int_equal(bytes, 3);
    assert_int_equal(fc_sha256_file(fc_tmpfile("empty.txt", ""), hex, &bytes, &err), FC_OK);
    assert_string_equal(hex, SHA_EMPTY);
    assert_int_equal(bytes, 0);
}

static void
test_sha256_file_errors(void **state)
{
    char hex[FC_SHA256_HEX], path[600];
    fc_err err = {0};
    const char *d = fc_tmpdir();
    (void)state;
    snprintf(path, sizeof path, "%s/none.csv", d);
    assert_int_equal(fc_sha256_file(path, hex, NULL, &err), FC_EIO);
    assert_err(&err, FC_EIO, path);
    assert_string_equal(hex, "");
    fc_err_clear(&err);
    assert_int_equal(fc_sha256_file(d, hex, NULL, &err), FC_EIO);
    assert_string_equal(err.msg, "not a regular file");
}

/* Writes dir/name with text and returns the path (static, 4 slots). */
static const char *
put(const char *dir, const char *name, const char *text)
{
    static char buf[4][600];
    static int slot;
    char *p = buf[slot++ % 4];
    snprintf(p, 600, "%s/%s", dir, name);
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return p;
}

/* A scenario naming one input table ("abc"), configured by hand as a stage would. */
static void
scenario(const char *d, fc_scenario *s)
{
    fc_err err = {0};
    const char *path = NULL;
    double srb = 1.05, tiny = 0;
    long horizon = 0;
    int timing = 1;
    static const char *const timings[] = {"half", "end", NULL};
    char ini[1024];
    put(d, "t.csv", "abc");
    snprintf(ini, sizeof ini, "[run]\nname = m\nseed = 42\n[projection]\npopulation = t.csv\n");
    assert_int_equal(fc_scenario_read(put(d, "s.ini", ini), s, &err), FC_OK);
    assert_int_equal(fc_scn_path(s, "projection", "population", &path, &err), FC_OK);
    /* absent keys: the defaults in range are recorded, "automatic" ones (out of range) not */
    assert_int_equal(fc_scn_num(s, "projection", "srb", 0.5, 2, &srb, &err), FC_OK);
    assert_int_equal(fc_scn_num(s, "projection", "tiny", 0, 1, &tiny, &err), FC_OK);
    assert_int_equal(fc_scn_long(s, "projection", "horizon", 1000, 3100, &horizon, &err), FC_OK);
    assert_int_equal(fc_scn_choice(s, "projection", "migration_timing", timings, &timing, &err),
                     FC_OK);
}

static void
test_defaults_recorded(void **state)
{
    fc_scenario s;
    (void)state;
    scenario(fc_tmpdir(), &s);
    /* [run] seed is given; srb 1.05, tiny 0 and migration_timing end are defaults; horizon 0
     * (outside 1000..3100, meaning "base year + 25") is not */
    assert_int_equal(s.ndflt, 3);
    assert_string_equal(s.dflt[0].key, "srb");
    assert_string_equal(s.dflt[0].value, "1.05");
    assert_string_equal(s.dflt[1].key, "tiny");
    assert_string_equal(s.dflt[1].value, "0");
    assert_string_equal(s.dflt[2].key, "migration_timing");
    assert_string_equal(s.dflt[2].value, "end");
    fc_scenario_free(&s);
}

static const char *const argv_[] = {"fulcrum", "run", "s.ini", "--out", "o"};
static const char *const set_[] = {"pbma.budget=5"};

/* Writes a manifest for the scenario and one output "a.csv" ("abc") into dir; returns the
 * manifest's text (free()). */
static char *
write_one(const char *dir, fc_scenario *s)
{
    fc_out *o = NULL;
    fc_writer *w;
    fc_err err = {0};
    char path[700];
    fc_manifest_run run = {"m-5", "s.ini", set_, 1, "pbma.budget", "5", 2, argv_, 5};
    assert_int_equal(fc_out_open(dir, &o, &err), FC_OK);
    fc_out_digests(o); /* as fulcrum run does: the manifest's checksums */
    assert_int_equal(fc_out_file(o, "a.csv", &w, &err), FC_OK);
    fc_w_str(w, "abc");
    assert_int_equal(fc_manifest_write(o, s, &run, &err), FC_OK);
    assert_int_equal(fc_out_commit(o, &err), FC_OK);
    fc_out_free(o);
    snprintf(path, sizeof path, "%s/manifest.json", dir);
    return fc_slurp(path, NULL);
}

static void
test_manifest_round_trip(void **state)
{
    const char *d = fc_tmpdir(), *o1 = fc_tmpdir(), *o2 = fc_tmpdir();
    fc_scenario s;
    fc_manifest m;
    fc_err err = {0};
    char path[700], *t1, *t2;
    (void)state;
    scenario(d, &s);
    t1 = write_one(o1, &s);
    t2 = write_one(o2, &s);
    assert_non_null(t1);
    assert_non_null(t2);
    assert_string_equal(t1, t2); /* same run, same bytes */
    /* sorted keys, no timestamps */
    assert_true(strstr(t1, "\"command\": [") < strstr(t1, "\"defaults\": {"));
    assert_true(strstr(t1, "\"defaults\": {") < strstr(t1, "\"fulcrum\": {"));
    assert_true(strstr(t1, "\"outputs\": {") < strstr(t1, "\"run\": {"));
    assert_null(strstr(t1, "time"));
    snprintf(path, sizeof path, "%s/manifest.json", o1);
    assert_int_equal(fc_manifest_read(path, &m, &err), FC_OK);
    assert_int_equal(m.format, FC_MANIFEST_FORMAT);
    assert_string_equal(m.name, "m-5");
    assert_string_equal(m.scenario, "s.ini");
    assert_int_equal(m.seed, 42);
    assert_int_equal(m.nset, 1);
    assert_string_equal(m.set[0], "pbma.budget=5");
    assert_string_equal(m.sweep_param, "pbma.budget");
    assert_string_equal(m.sweep_value, "5");
    assert_int_equal(m.sweep_index, 2);
    assert_int_equal(m.argc, 5);
    assert_string_equal(m.argv[4], "o");
    /* inputs: the scenario file and the table, by the paths the run used */
    assert_int_equal(m.ninput, 2);
    snprintf(path, sizeof path, "%s/t.csv", d);
    assert_string_equal(m.inputs[1].path, path);
    assert_string_equal(m.inputs[1].sha256, SHA_ABC);
    assert_int_equal(m.inputs[1].bytes, 3);
    /* outputs: a.csv only (not the manifest itself) */
    assert_int_equal(m.noutput, 1);
    assert_string_equal(m.outputs[0].path, "a.csv");
    assert_string_equal(m.outputs[0].sha256, SHA_ABC);
    assert_non_null(strstr(t1, "\"srb\": \"1.05\""));
    assert_non_null(strstr(t1, "\"population\": \""));
    fc_manifest_fini(&m);
    free(t1);
    free(t2);
    fc_scenario_free(&s);
}

static void
test_manifest_read_errors(void **state)
{
    const char *d = fc_tmpdir();
    fc_manifest m;
    fc_err err = {0};
    char want[700];
    (void)state;
    const char *p = put(d, "manifest.json", "{\n  \"manifest\": 1,\n  \"run\": [\n");
    assert_int_equal(fc_manifest_read(p, &m, &err), FC_EDATA);
    snprintf(want, sizeof want, "%s:4:", p);
    assert_err(&err, FC_EDATA, want);
    fc_manifest_fini(&m);
    fc_err_clear(&err);
    p = put(d, "manifest.json", "{\"manifest\": 1}\n");
    assert_int_equal(fc_manifest_read(p, &m, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "not a Fulcrum manifest"));
    fc_manifest_fini(&m);
    fc_err_clear(&err);
    p = put(d, "manifest.json",
            "{\"manifest\": 9, \"fulcrum\": {}, \"run\": {\"name\": \"a\", \"scenario\": \"b\"},"
            " \"seed\": 1}\n");
    assert_int_equal(fc_manifest_read(p, &m, &err), FC_EDATA);
    assert_non_null(strstr(err.msg, "manifest format 9"));
    fc_manifest_fini(&m);
}

/* fc_out_keep / fc_out_kept: a later stage takes a table's bytes from the writer, never from
 * the file: the bytes are exactly what the file gets (pending bytes included, large writes
 * through every path of the writer), and only the names asked for are kept. */
static void
test_out_kept(void **state)
{
    static const char *const keep[] = {"a.csv", "charts/c.csv", NULL};
    const char *d = fc_tmpdir(), *bytes, *path;
    char file[700], *big, *got;
    fc_out *o;
    fc_writer *a, *b, *c;
    fc_err err = {0};
    size_t len, nbig = 700000, flen;
    (void)state;
    assert_non_null(big = malloc(nbig));
    for (size_t i = 0; i < nbig; i++)
        big[i] = (char)('a' + i % 26);
    assert_int_equal(fc_out_open(d, &o, &err), FC_OK);
    assert_int_equal(fc_out_kept(o, "a.csv", &bytes, &len, &path), -1); /* not started */
    fc_out_keep(o, keep);
    assert_int_equal(fc_out_file(o, "a.csv", &a, &err), FC_OK);
    assert_int_equal(fc_out_file(o, "b.csv", &b, &err), FC_OK);
    assert_int_equal(fc_out_file_in(o, "charts", "c.csv", &c, &err), FC_OK);
    fc_w_str(a, "x,y\n");
    assert_int_equal(fc_out_kept(o, "a.csv", &bytes, &len, &path), 0); /* pending bytes */
    assert_int_equal(len, 4);
    assert_memory_equal(bytes, "x,y\n", 4);
    snprintf(file, sizeof file, "%s/a.csv", d);
    assert_string_equal(path, file); /* messages name the published file */
    fc_w_raw(a, big, nbig);  /* larger than the writer's buffer: the direct path */
    for (int i = 0; i < 2000; i++) {
        fc_w_num(a, i + 0.25);
        fc_w_eol(a);
    }
    fc_w_str(b, "not kept\n");
    fc_w_row(c, FC_I(2030), FC_S("a,b"), FC_R("x"), FC_D(1.5), FC_M(12.5), FC_I(-3L));
    assert_int_equal(fc_out_kept(o, "b.csv", &bytes, &len, &path), -1);
    assert_int_equal(fc_out_kept(o, "charts/c.csv", &bytes, &len, &path), 0);
    assert_int_equal(len, strlen("2030,\"a,b\",x,1.5,12.50,-3\n")); /* fc_w_row's cells */
    assert_memory_equal(bytes, "2030,\"a,b\",x,1.5,12.50,-3\n", len);
    assert_int_equal(fc_out_kept(o, "a.csv", &bytes, &len, &path), 0);
    assert_non_null(got = malloc(len));
    memcpy(got, bytes, len);
    assert_int_equal(fc_out_commit(o, &err), FC_OK);
    fc_out_free(o);
    {
        char *f = fc_slurp(file, &flen);
        assert_non_null(f);
        assert_int_equal(flen, len);
        assert_memory_equal(f, got, len);
        assert_memory_equal(got + 4, big, nbig);
        free(f);
    }
    free(got);
    free(big);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256_nist),          cmocka_unit_test(test_sha256_file_errors),
        cmocka_unit_test(test_defaults_recorded),    cmocka_unit_test(test_manifest_round_trip),
        cmocka_unit_test(test_manifest_read_errors), cmocka_unit_test(test_out_kept),
    };
    return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
