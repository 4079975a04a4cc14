/* manifest.c: manifest.json written and read with jansson, SHA-256 from OpenSSL (manifest.h). */
#include "engine/io/manifest.h"
#include "engine/io/csvin.h"

#include <cairo.h>
#include <errno.h>
#include <fcntl.h>
#include <gsl/gsl_version.h>
#include <jansson.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pango/pango.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "models/pbma.h"
#include "engine/cli/version.h"

/* ------------------------------------------------------------------------ build */

const char *
fc_build_compiler(void)
{
#if defined(__clang__)
    return "clang " __clang_version__;
#elif defined(__GNUC__)
    return "gcc " __VERSION__;
#else
    return "unknown";
#endif
}

const char *
fc_build_mode(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return "asan";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return "asan";
#endif
#endif
#if defined(FC_DEBUG)
    return "debug";
#elif defined(NDEBUG)
    return "release";
#else
    return "custom";
#endif
}

/* The libraries whose versions can change the numbers (GSL, GLPK) or the bytes of charts and
 * the appendix (Cairo, Pango), and the two that make the manifest itself. */
typedef struct lib_version {
    const char *name, *version;
} lib_version;

static size_t
lib_versions(lib_version v[6])
{
    v[0] = (lib_version){"cairo", cairo_version_string()};
    v[1] = (lib_version){"glpk", fc_pbma_solver_version()};
    v[2] = (lib_version){"gsl", gsl_version};
    v[3] = (lib_version){"jansson", jansson_version_str()};
    v[4] = (lib_version){"openssl", OpenSSL_version(OPENSSL_VERSION_STRING)};
    v[5] = (lib_version){"pango", pango_version_string()};
    return 6;
}

const char *
fc_build_libraries(void)
{
    static char buf[256];
    lib_version v[6];
    size_t n = lib_versions(v), k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && k < sizeof buf; i++) {
        int w =
            snprintf(buf + k, sizeof buf - k, "%s%s %s", i ? ", " : "", v[i].name, v[i].version);
        if (w < 0)
            break;
        k += (size_t)w;
    }
    return buf;
}

/* ------------------------------------------------------------------------ SHA-256 */

static void
to_hex(const unsigned char *md, size_t n, char *hex)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * n] = '\0';
}

void
fc_sha256_mem(const void *p, size_t n, char hex[FC_SHA256_HEX])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1 || len != 32) {
        hex[0] = '\0';
        return;
    }
    to_hex(md, len, hex);
}

fc_status
fc_sha256_file(const char *path, char hex[FC_SHA256_HEX], unsigned long long *bytes, fc_err *err)
{
    enum { BUF = 1 << 20 };
    unsigned char md[EVP_MAX_MD_SIZE], *buf = NULL;
    unsigned int len = 0;
    unsigned long long total = 0;
    EVP_MD_CTX *ctx = NULL;
    struct stat sb;
    fc_status st = FC_OK;
    int fd;

    hex[0] = '\0';
    if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) < 0) /* a FIFO: no hang */
        return fc_err_at(err, FC_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return fc_err_at(err, FC_EIO, path, 0, 0, "not a regular file");
    }
    if ((buf = malloc(BUF)) == NULL || (ctx = EVP_MD_CTX_new()) == NULL) {
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
        goto done;
    }
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        st = FC_FAIL(err, FC_EINVAL, "OpenSSL has no SHA-256");
        goto done;
    }
    for (;;) {
        ssize_t k = read(fd, buf, BUF);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            st = fc_err_at(err, FC_EIO, path, 0, 0, "cannot read: %s", strerror(errno));
            goto done;
        }
        if (k == 0)
            break;
        total += (unsigned long long)k;
        EVP_DigestUpdate(ctx, buf, (size_t)k);
    }
    if (EVP_DigestFinal_ex(ctx, md, &len) != 1 || len != 32) {
        st = FC_FAIL(err, FC_EINVAL, "SHA-256 failed");
        goto done;
    }
    to_hex(md, len, hex);
    if (bytes)
        *bytes = total;
done:
    EVP_MD_CTX_free(ctx);
    free(buf);
    close(fd);
    return st;
}

/* ------------------------------------------------------------------------ writing */

/* json_string, but NULL-safe for the caller's error check: invalid UTF-8 gives NULL. */
static int
set_str(json_t *obj, const char *key, const char *val)
{
    json_t *j = json_string(val);
    return j != NULL && json_object_set_new(obj, key, j) == 0;
}

/* {"bytes": n, "sha256": hex} into obj[key] (path for messages). */
static fc_status
add_digest(json_t *obj, const char *key, const char *path, const char *hex,
           unsigned long long bytes, fc_err *err)
{
    json_t *f;

    if ((f = json_object()) == NULL ||
        json_object_set_new(f, "bytes", json_integer((json_int_t)bytes)) != 0 ||
        !set_str(f, "sha256", hex)) {
        json_decref(f);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    if (json_object_set_new(obj, key, f) != 0)
        return fc_err_at(err, FC_EDATA, path, 0, 0,
                         "the manifest cannot record this path (not UTF-8)");
    return FC_OK;
}

/* add_digest for the file at path, read and hashed (the run's inputs). */
static fc_status
add_file(json_t *obj, const char *key, const char *path, fc_err *err)
{
    char hex[FC_SHA256_HEX];
    unsigned long long bytes = 0;
    fc_status st;

    if ((st = fc_sha256_file(path, hex, &bytes, err)) != FC_OK)
        return st;
    return add_digest(obj, key, path, hex, bytes, err);
}

/* The section object for `section` in obj, created on first use; sections match
 * case-insensitively (the first spelling is kept). */
static json_t *
section_obj(json_t *obj, const char *section)
{
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v)
    {
        if (strcasecmp(k, section) == 0)
            return v;
    }
    v = json_object();
    if (v && json_object_set_new(obj, section, v) != 0)
        return NULL;
    return v;
}

static json_t *
str_array(const char *const *s, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; a && i < n; i++) {
        if (json_array_append_new(a, json_string(s[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static fc_status
build(json_t *root, fc_out *o, const fc_scenario *s, const fc_manifest_run *run, fc_err *err)
{
    json_t *fulcrum = json_object(), *libs = json_object(), *how = json_object();
    json_t *scn = json_object(), *dflt = json_object(), *in = json_object();
    json_t *out = json_object(), *cmd = str_array(run->argv, run->argc);
    json_t *set = str_array(run->set, run->nset);
    lib_version lv[6];
    size_t nlib = lib_versions(lv);
    fc_status st;
    int ok;

    ok = fulcrum && libs && how && scn && dflt && in && out && cmd && set;
    ok = ok && json_object_set_new(root, "fulcrum", fulcrum) == 0;
    ok = ok && json_object_set_new(fulcrum, "libraries", libs) == 0;
    ok = ok && json_object_set_new(root, "run", how) == 0;
    ok = ok && json_object_set_new(root, "scenario", scn) == 0;
    ok = ok && json_object_set_new(root, "defaults", dflt) == 0;
    ok = ok && json_object_set_new(root, "inputs", in) == 0;
    ok = ok && json_object_set_new(root, "outputs", out) == 0;
    ok = ok && json_object_set_new(root, "command", cmd) == 0;
    ok = ok && json_object_set_new(how, "set", set) == 0;
    if (!ok) {
        json_decref(fulcrum), json_decref(libs), json_decref(how), json_decref(scn);
        json_decref(dflt), json_decref(in), json_decref(out), json_decref(cmd), json_decref(set);
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    ok = json_object_set_new(root, "manifest", json_integer(FC_MANIFEST_FORMAT)) == 0 &&
         json_object_set_new(root, "seed", json_integer((json_int_t)s->seed)) == 0 &&
         set_str(fulcrum, "version", FC_VERSION) &&
         set_str(fulcrum, "compiler", fc_build_compiler()) &&
         set_str(fulcrum, "mode", fc_build_mode()) && set_str(how, "name", run->name) &&
         set_str(how, "scenario", run->scenario);
    for (size_t i = 0; ok && i < nlib; i++)
        ok = set_str(libs, lv[i].name, lv[i].version);
    if (ok && run->sweep_param) {
        json_t *sw = json_object();
        ok = sw && json_object_set_new(how, "sweep", sw) == 0 &&
             set_str(sw, "parameter", run->sweep_param) && set_str(sw, "value", run->sweep_value) &&
             json_object_set_new(sw, "index", json_integer((json_int_t)run->sweep_index)) == 0;
    }
    /* the resolved scenario: the last entry for each key wins; paths as resolved */
    for (size_t i = 0; ok && i < s->n; i++) {
        const fc_scn_entry *e = &s->e[i];
        json_t *sec = section_obj(scn, e->section);
        ok = sec && set_str(sec, e->key, e->resolved ? e->resolved : e->value);
    }
    for (size_t i = 0; ok && i < s->ndflt; i++) {
        json_t *sec = section_obj(dflt, s->dflt[i].section);
        ok = sec && set_str(sec, s->dflt[i].key, s->dflt[i].value);
    }
    {   /* numbers the stages found (fc_out_fact) */
        const char *key;
        double v;
        json_t *facts = json_object();
        ok = ok && facts && json_object_set_new(root, "facts", facts) == 0;
        for (size_t i = 0; ok && fc_out_fact_get(o, i, &key, &v) == 0; i++)
            ok = json_object_set_new(facts, key, json_real(v)) == 0;
    }
    if (!ok)
        return FC_FAIL(err, FC_EDATA,
                       "the manifest cannot record the scenario (a value that is not UTF-8?)");

    /* inputs: the scenario files, then every path a stage resolved ([run] out is output) */
    for (size_t i = 0; i < s->nfiles; i++)
        if ((st = add_file(in, s->files[i], s->files[i], err)) != FC_OK)
            return st;
    for (size_t i = 0; i < s->n; i++) {
        const fc_scn_entry *e = &s->e[i];
        if (e->resolved == NULL ||
            (strcasecmp(e->section, "run") == 0 && strcmp(e->key, "out") == 0))
            continue;
        if ((st = add_file(in, e->resolved, e->resolved, err)) != FC_OK)
            return st;
    }
    /* outputs: every file of the transaction so far, hashed by the writer as it wrote it */
    for (size_t i = 0; i < fc_out_nfiles(o); i++) {
        const char *name = fc_out_name(o, i);
        unsigned char md[32];
        unsigned long long bytes;
        char hex[FC_SHA256_HEX], path[FC_ERR_PATH_MAX];
        if (strcmp(name, FC_MANIFEST_NAME) == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", fc_out_dir(o), name);
        if (fc_out_digest(o, name, md, &bytes) != 0) { /* errno: the file's write error */
            if (errno == EINVAL)
                return FC_FAIL(err, FC_EINVAL, "output '%s' was started before its checksum "
                               "was asked for (fc_out_digests)", name);
            return fc_err_at(err, FC_EIO, path, 0, 0, "cannot write: %s", strerror(errno));
        }
        to_hex(md, 32, hex);
        if ((st = add_digest(out, name, path, hex, bytes, err)) != FC_OK)
            return st;
    }
    return FC_OK;
}

fc_status
fc_manifest_write(fc_out *o, const fc_scenario *s, const fc_manifest_run *run, fc_err *err)
{
    json_t *root = json_object();
    fc_writer *w;
    fc_status st;
    char *text = NULL;

    if (root == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = build(root, o, s, run, err)) == FC_OK) {
        text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
        if (text == NULL)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory");
    }
    if (st == FC_OK && (st = fc_out_file(o, FC_MANIFEST_NAME, &w, err)) == FC_OK) {
        fc_w_str(w, text);
        fc_w_eol(w);
    }
    free(text);
    json_decref(root);
    return st;
}

/* ------------------------------------------------------------------------ as rows */

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Calls fn for every leaf of j under the dotted path pre, keys sorted. */
static int
walk(json_t *j, const char *pre, fc_manifest_row_fn fn, void *ctx)
{
    char val[64], path[1024];
    if (json_is_object(j)) {
        size_t n = json_object_size(j), i = 0;
        const char **keys = malloc((n ? n : 1) * sizeof *keys), *k;
        json_t *v;
        int rc = 0;
        if (keys == NULL)
            return -1;
        json_object_foreach(j, k, v)
            keys[i++] = k;
        qsort(keys, n, sizeof *keys, cmp_str);
        for (i = 0; i < n && rc == 0; i++) {
            snprintf(path, sizeof path, "%s%s%s", pre, pre[0] ? "." : "", keys[i]);
            rc = walk(json_object_get(j, keys[i]), path, fn, ctx);
        }
        free(keys);
        return rc;
    }
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            snprintf(path, sizeof path, "%s.%zu", pre, i + 1);
            if (walk(v, path, fn, ctx) != 0)
                return -1;
        }
        return 0;
    }
    if (json_is_string(j))
        return fn(ctx, pre, json_string_value(j), 0, 0.0);
    if (json_is_integer(j))
        return fn(ctx, pre, NULL, 1, (double)json_integer_value(j));
    if (json_is_real(j))
        return fn(ctx, pre, NULL, 1, json_real_value(j));
    snprintf(val, sizeof val, "%s", json_is_true(j) ? "TRUE" : json_is_false(j) ? "FALSE" : "");
    return fn(ctx, pre, val, 0, 0.0);
}

fc_status
fc_manifest_rows(fc_out *o, const fc_scenario *s, const fc_manifest_run *run,
                 fc_manifest_row_fn fn, void *ctx, fc_err *err)
{
    json_t *root = json_object();
    fc_status st;
    if (root == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    if ((st = build(root, o, s, run, err)) == FC_OK) {
        json_object_del(root, "outputs"); /* the workbook's sheets are the outputs */
        if (walk(root, "", fn, ctx) != 0)
            st = FC_FAIL(err, FC_ENOMEM, "out of memory writing the run's record");
    }
    json_decref(root);
    return st;
}

/* ------------------------------------------------------------------------ reading */

static char *
dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static fc_status
read_files(json_t *obj, const char *what, fc_manifest_file **out, size_t *n, const char *path,
           fc_err *err)
{
    const char *k;
    json_t *v;
    size_t i = 0;

    if (!json_is_object(obj))
        return fc_err_at(err, FC_EDATA, path, 0, 0, "'%s' is missing or not an object", what);
    if ((*out = calloc(json_object_size(obj) + 1, sizeof **out)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    json_object_foreach(obj, k, v)
    {
        fc_manifest_file *f = &(*out)[i];
        json_t *sha = json_object_get(v, "sha256"), *bytes = json_object_get(v, "bytes");
        if (!json_is_string(sha) || strlen(json_string_value(sha)) != FC_SHA256_HEX - 1 ||
            !json_is_integer(bytes))
            return fc_err_at(err, FC_EDATA, path, 0, 0, "%s '%s' has no sha256 and bytes", what, k);
        if ((f->path = strdup(k)) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        snprintf(f->sha256, sizeof f->sha256, "%s", json_string_value(sha));
        f->bytes = (unsigned long long)json_integer_value(bytes);
        *n = ++i;
    }
    return FC_OK;
}

static fc_status
read_strings(json_t *arr, const char *what, char ***out, size_t *n, const char *path, fc_err *err)
{
    size_t i;
    json_t *v;
    if (!json_is_array(arr))
        return fc_err_at(err, FC_EDATA, path, 0, 0, "'%s' is missing or not a list", what);
    if ((*out = calloc(json_array_size(arr) + 1, sizeof **out)) == NULL)
        return FC_FAIL(err, FC_ENOMEM, "out of memory");
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v))
            return fc_err_at(err, FC_EDATA, path, 0, 0, "'%s' holds a non-string", what);
        if (((*out)[i] = strdup(json_string_value(v))) == NULL)
            return FC_FAIL(err, FC_ENOMEM, "out of memory");
        *n = i + 1;
    }
    return FC_OK;
}

fc_status
fc_manifest_read(const char *path, fc_manifest *m, fc_err *err)
{
    json_error_t je;
    json_t *root, *fulcrum, *run, *sweep, *seed, *fmt;
    fc_status st = FC_OK;
    FILE *fp;
    const char *why;
    int wrong;

    memset(m, 0, sizeof *m);
    if ((fp = fc_fopen_input(path, &why, &wrong)) == NULL)
        return fc_err_at(err, FC_EIO, path, 0, 0, wrong ? "%s, not a manifest" : "cannot open: %s",
                         why);
    root = json_loadf(fp, JSON_REJECT_DUPLICATES, &je);
    fclose(fp);
    if (root == NULL)
        return fc_err_at(err, FC_EDATA, path, (size_t)(je.line > 0 ? je.line : 0),
                         (size_t)(je.column > 0 ? je.column : 0), "not a Fulcrum manifest: %s",
                         je.text);
    fmt = json_object_get(root, "manifest");
    fulcrum = json_object_get(root, "fulcrum");
    run = json_object_get(root, "run");
    seed = json_object_get(root, "seed");
    if (!json_is_integer(fmt) || !json_is_object(fulcrum) || !json_is_object(run) ||
        !json_is_integer(seed) || !json_is_string(json_object_get(run, "scenario")) ||
        !json_is_string(json_object_get(run, "name"))) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0,
                       "not a Fulcrum manifest (it lacks 'manifest', 'fulcrum', 'run' or 'seed')");
        goto done;
    }
    m->format = (int)json_integer_value(fmt);
    if (m->format != FC_MANIFEST_FORMAT) {
        st = fc_err_at(err, FC_EDATA, path, 0, 0, "manifest format %d; this Fulcrum reads %d",
                       m->format, FC_MANIFEST_FORMAT);
        goto done;
    }
    m->version = dup_or_null(json_string_value(json_object_get(fulcrum, "version")));
    m->compiler = dup_or_null(json_string_value(json_object_get(fulcrum, "compiler")));
    m->mode = dup_or_null(json_string_value(json_object_get(fulcrum, "mode")));
    m->name = dup_or_null(json_string_value(json_object_get(run, "name")));
    m->scenario = dup_or_null(json_string_value(json_object_get(run, "scenario")));
    m->seed = (unsigned long)json_integer_value(seed);
    sweep = json_object_get(run, "sweep");
    if (sweep) {
        json_t *idx = json_object_get(sweep, "index");
        m->sweep_param = dup_or_null(json_string_value(json_object_get(sweep, "parameter")));
        m->sweep_value = dup_or_null(json_string_value(json_object_get(sweep, "value")));
        if (!m->sweep_param || !m->sweep_value || !json_is_integer(idx) ||
            json_integer_value(idx) < 0) {
            st = fc_err_at(err, FC_EDATA, path, 0, 0, "bad 'sweep' in 'run'");
            goto done;
        }
        m->sweep_index = (size_t)json_integer_value(idx);
    }
    if ((st = read_strings(json_object_get(run, "set"), "set", &m->set, &m->nset, path, err)) ||
        (st = read_strings(json_object_get(root, "command"), "command", &m->argv, &m->argc, path,
                           err)) ||
        (st = read_files(json_object_get(root, "inputs"), "inputs", &m->inputs, &m->ninput, path,
                         err)) ||
        (st = read_files(json_object_get(root, "outputs"), "outputs", &m->outputs, &m->noutput,
                         path, err)))
        goto done;
    if (!m->version || !m->name || !m->scenario)
        st = FC_FAIL(err, FC_ENOMEM, "out of memory");
done:
    json_decref(root);
    return st;
}

void
fc_manifest_fini(fc_manifest *m)
{
    if (m == NULL)
        return;
    free(m->version), free(m->compiler), free(m->mode), free(m->name), free(m->scenario);
    free(m->sweep_param), free(m->sweep_value);
    for (size_t i = 0; m->set && i < m->nset; i++)
        free(m->set[i]);
    free(m->set);
    for (size_t i = 0; m->argv && i < m->argc; i++)
        free(m->argv[i]);
    free(m->argv);
    for (size_t i = 0; m->inputs && i < m->ninput; i++)
        free(m->inputs[i].path);
    free(m->inputs);
    for (size_t i = 0; m->outputs && i < m->noutput; i++)
        free(m->outputs[i].path);
    free(m->outputs);
    memset(m, 0, sizeof *m);
}
