/* fuzz.h: what the fuzz targets share (issue 9). Each target is one tests/fuzz/fuzz_<name>.c
 * defining LLVMFuzzerTestOneInput. Built with clang -fsanitize=fuzzer,address,undefined by
 * `make fuzz`, and with tests/fuzz/replay.c (a main() that feeds files to the same function)
 * in the normal build, where `make check` replays tests/fuzz/regressions/<name>/.
 *
 * A table-loader target writes the input to a file in a private temporary folder and runs the
 * subcommand that reads it (the real caller, with its cross-table checks), the other inputs
 * coming from tests/hostile/base (FC_FUZZ_BASE overrides the folder). The command's return
 * status does not matter: a target finds crashes, undefined behaviour, leaks and hangs.
 */
#ifndef FC_TESTS_FUZZ_H
#define FC_TESTS_FUZZ_H

#define _XOPEN_SOURCE 700 /* realpath, nftw */
#include <ftw.h>
#include <gsl/gsl_errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/cli/cli.h"
#include "engine/io/csvin.h"
#include "engine/cli/log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_MAX_ARGS 32

static char fz_dir[512];  /* the private temporary folder */
static char fz_base[512]; /* the folder of valid inputs */

static inline int
fz_remove(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

/* At exit: the temporary folder goes, with whatever the runs left in it. */
static inline void
fz_cleanup(void)
{
    if (fz_dir[0])
        nftw(fz_dir, fz_remove, 16, FTW_DEPTH | FTW_PHYS);
}

/* Makes the temporary folder (once): fz_dir/in for inputs, fz_dir/base -> the valid inputs,
 * so scenario seeds that include ../base/base.ini find it. */
static inline void
fz_init(void)
{
    const char *tmp = getenv("TMPDIR"), *base = getenv("FC_FUZZ_BASE");
    char path[1100];
    if (fz_dir[0])
        return;
    gsl_set_error_handler_off();
    fc_log_setup(FC_LOG_QUIET);
    snprintf(fz_dir, sizeof fz_dir, "%s/fulcrum-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (mkdtemp(fz_dir) == NULL) {
        perror("fuzz: mkdtemp");
        abort();
    }
    if (base == NULL || realpath(base, fz_base) == NULL) {
        if (realpath("tests/hostile/base", fz_base) == NULL) {
            fprintf(stderr, "fuzz: run from the repository root or set FC_FUZZ_BASE\n");
            abort();
        }
    }
    atexit(fz_cleanup);
    snprintf(path, sizeof path, "%s/in", fz_dir);
    if (mkdir(path, 0700) != 0) {
        perror("fuzz: mkdir");
        abort();
    }
    snprintf(path, sizeof path, "%s/base", fz_dir);
    if (symlink(fz_base, path) != 0) {
        perror("fuzz: symlink");
        abort();
    }
}

/* Writes data to fz_dir/in/<name> and returns the path (static). */
static inline const char *
fz_write(const char *name, const uint8_t *data, size_t size)
{
    static char path[1100];
    FILE *fp;
    snprintf(path, sizeof path, "%s/in/%s", fz_dir, name);
    if ((fp = fopen(path, "wb")) == NULL || (size && fwrite(data, 1, size, fp) != size) ||
        fclose(fp) != 0) {
        perror("fuzz: writing the input");
        abort();
    }
    return path;
}

/* Runs the subcommand line `cmd` (words separated by single spaces, the first the subcommand),
 * in which "@" stands for the path of the input (written as fz_dir/in/<name>), a leading "%B/"
 * for the valid inputs' folder and "%OUT" for an output folder. */
static inline void
fz_run(const char *cmd, const char *name, const uint8_t *data, size_t size)
{
    static char store[FZ_MAX_ARGS][1100];
    char *args[FZ_MAX_ARGS + 1], word[256];
    const char *in, *p = cmd;
    const fc_cmd *c;
    fc_warnings warn = {0};
    fc_err err;
    int argc = 0;

    fz_init();
    in = fz_write(name, data, size);
    while (*p && argc < FZ_MAX_ARGS) {
        size_t n = strcspn(p, " ");
        snprintf(word, sizeof word, "%.*s", (int)n, p);
        p += n + (p[n] == ' ');
        if (strcmp(word, "@") == 0)
            snprintf(store[argc], sizeof store[0], "%s", in);
        else if (strncmp(word, "%B/", 3) == 0)
            snprintf(store[argc], sizeof store[0], "%s/%s", fz_base, word + 3);
        else if (strncmp(word, "%OUT", 4) == 0)
            snprintf(store[argc], sizeof store[0], "%s/out%s", fz_dir, word + 4);
        else
            snprintf(store[argc], sizeof store[0], "%s", word);
        args[argc] = store[argc];
        argc++;
    }
    args[argc] = NULL;
    if ((c = fc_cmd_find(args[0])) == NULL) {
        fprintf(stderr, "fuzz: no command '%s'\n", args[0]);
        abort();
    }
    fc_err_clear(&err);
    (void)c->fn(argc, args, &warn, &err);
    fc_warnings_fini(&warn);
}

#endif /* FC_TESTS_FUZZ_H */
