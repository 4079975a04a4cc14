/* folder.c: walking an output folder and telling a run's temporaries (see out.h). */
#include "engine/io/out.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
fc_out_walk(const char *dir, void (*fn)(void *ctx, const char *name), void *ctx)
{
    DIR *d = opendir(dir), *sd;
    struct dirent *de, *se;
    struct stat sb;
    char path[4096], name[1024];

    if (d == NULL)
        return -1;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= (int)sizeof path ||
            lstat(path, &sb) != 0)
            continue;
        if (S_ISREG(sb.st_mode)) {
            fn(ctx, de->d_name);
        } else if (S_ISDIR(sb.st_mode) && (sd = opendir(path)) != NULL) {
            while ((se = readdir(sd)) != NULL) {
                char sub[4096 + 256];
                if (snprintf(name, sizeof name, "%s/%s", de->d_name, se->d_name) >=
                        (int)sizeof name ||
                    snprintf(sub, sizeof sub, "%s/%s", dir, name) >= (int)sizeof sub ||
                    lstat(sub, &sb) != 0 || !S_ISREG(sb.st_mode))
                    continue;
                fn(ctx, name);
            }
            closedir(sd);
        }
    }
    closedir(d);
    return 0;
}

long
fc_out_tmp_pid(const char *name)
{
    const char *base = strrchr(name, '/'), *t;
    char *end;
    long pid;
    base = base ? base + 1 : name;
    if (base[0] != '.' || (t = strstr(base, ".tmp.")) == NULL || t == base)
        return 0;
    while (strstr(t + 1, ".tmp."))
        t = strstr(t + 1, ".tmp.");
    pid = strtol(t + 5, &end, 10);
    return *end == '\0' && pid > 0 ? pid : 0;
}
