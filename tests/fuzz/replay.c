/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput on files, without libFuzzer, so that
 * `make check` replays the inputs that once crashed (tests/fuzz/regressions/<target>/) in the
 * normal and sanitizer builds: replay_<target> FILE|DIR... (a folder: every file in it).
 * Exits 0 when every input ran; a crash, a sanitizer report or a leak fails the run. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0, k;
    if (fp == NULL) {
        perror(path);
        return 1;
    }
    do {
        if (n == cap) {
            uint8_t *b = realloc(buf, cap = cap ? 2 * cap : 4096);
            if (b == NULL) {
                free(buf);
                fclose(fp);
                return 1;
            }
            buf = b;
        }
        k = fread(buf + n, 1, cap - n, fp);
        n += k;
    } while (k > 0);
    fclose(fp);
    LLVMFuzzerTestOneInput(buf ? buf : (const uint8_t *)"", n);
    free(buf);
    return 0;
}

int
main(int argc, char **argv)
{
    int bad = 0;
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            perror(argv[i]);
            return 1;
        }
        if (!S_ISDIR(sb.st_mode)) {
            bad |= replay_file(argv[i]);
            count++;
            continue;
        }
        struct dirent **ents;
        int n = scandir(argv[i], &ents, NULL, alphasort); /* sorted: a stable order */
        for (int j = 0; j < n; j++) {
            char path[4096];
            if (ents[j]->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", argv[i], ents[j]->d_name);
                bad |= replay_file(path);
                count++;
            }
            free(ents[j]);
        }
        free(n >= 0 ? ents : NULL);
    }
    printf("replayed %zu input%s\n", count, count == 1 ? "" : "s");
    return bad;
}
