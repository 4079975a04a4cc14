/* main.c: the `fulcrum` command line (and `fulcrum-mpi`'s: the same program linked with
 * engine/par/par_mpi.c). The only place that prints errors and chooses the exit code: 0 ok,
 * 1 model or runtime failure, 2 usage, 3 input data, 4 I/O, 130 interrupted. With several
 * ranks, rank 0 prints the run's warnings and its error (every rank has agreed on it, and
 * exits with the same code).
 */
#include <gsl/gsl_errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/cli/cli.h"
#include "engine/cli/log.h"
#include "engine/io/manifest.h"
#include "engine/io/out.h"
#include "engine/cli/version.h"
#include "engine/par/par.h"

static void
on_signal(int sig)
{
    static const char msg[] = "fulcrum: interrupted; no output files were written\n";
    static const char kept[] = "fulcrum: interrupted; the runs that had finished kept their "
                               "outputs, the others wrote nothing\n";
    int some = fc_out_any_committed_signal_safe();
    fc_out_abort_all_signal_safe();
    fc_log_clear_signal_safe();
    if (write(STDERR_FILENO, some ? kept : msg, some ? sizeof kept - 1 : sizeof msg - 1) < 0) {
        /* nothing more can be done in a signal handler */
    }
    signal(sig, SIG_DFL);
    _exit(128 + sig);
}

static void
print_help(FILE *fp)
{
    fprintf(fp, "usage: fulcrum [--help] [--version] COMMAND [ARGS]\n\n%s\ncommands:\n",
            fc_help_about);
    for (size_t i = 0; fc_cmds[i]; i++)
        fprintf(fp, "  %-10s %s\n", fc_cmds[i]->name, fc_cmds[i]->summary);
    fprintf(fp, "\nRun 'fulcrum COMMAND --help' for a command's options and examples.\n\n"
                "exit codes:\n%s", fc_help_exit);
}

static int
fulcrum_main(int argc, char **argv)
{
    const fc_cmd *cmd;
    fc_warnings warn = {0};
    fc_err err;
    fc_status st;

    gsl_set_error_handler_off();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    fc_err_clear(&err);
    fc_log_setup(FC_LOG_NORMAL);

    if (argc < 2) {
        print_help(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        if (argc > 2 && (cmd = fc_cmd_find(argv[2])) != NULL)
            printf("usage: %s\n\n%s", cmd->usage, cmd->help);
        else
            print_help(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("fulcrum %s\nbuilt with %s (%s); %s\n", FC_VERSION, fc_build_compiler(),
               fc_build_mode(), fc_build_libraries());
        return 0;
    }
    if ((cmd = fc_cmd_find(argv[1])) == NULL) {
        FC_FAIL(&err, FC_EUSAGE, "unknown command '%s'", argv[1]);
        fc_log_error(&err, NULL);
        fprintf(stderr, "Run 'fulcrum --help' for the list of commands.\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            break;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("usage: %s\n\n%s", cmd->usage, cmd->help);
            return 0;
        }
    }
    if (fc_par_world_size() > 1 && strcmp(cmd->name, "run") != 0) {
        FC_FAIL(&err, FC_EUSAGE, "fulcrum-mpi spreads `run` over its ranks; run `fulcrum %s` "
                "without mpirun", cmd->name);
        if (fc_par_world_rank() == 0)
            fc_log_error(&err, NULL);
        return 2;
    }
    st = cmd->fn(argc - 1, argv + 1, &warn, &err);
    fc_par_world_warnings(&warn);
    for (size_t i = 0; i < warn.n && fc_par_world_rank() == 0; i++)
        fc_log_warning(warn.msg[i]);
    fc_warnings_fini(&warn);
    if (st != FC_OK) {
        if (err.status == FC_OK)
            fc_err_raise(&err, st, NULL, 0, 0, __FILE__, __LINE__, "%s", fc_strerror(st));
        if (fc_par_world_rank() == 0) {
            fc_log_error(&err, NULL);
            if (st == FC_EUSAGE)
                fprintf(stderr, "usage: %s\n", cmd->usage);
        }
        return fc_status_exit_code(st);
    }
    return 0;
}

int
main(int argc, char **argv)
{
    int rc;
    if (fc_par_init(&argc, &argv) != 0)
        return 1;
    rc = fulcrum_main(argc, argv);
    fc_par_finalize();
    return rc;
}
