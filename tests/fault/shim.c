/* shim.c: a fault-injection library for the tests (LD_PRELOAD), issue 9.
 *
 * Makes chosen system calls fail the way a full disk, a broken disk or a permission problem
 * would, whoever runs the test (root included), and can raise a signal in the middle of
 * writing. Only regular files on descriptors above 2 are touched (stderr stays readable).
 * Everything is driven by environment variables; a fault is logged (one line) to
 * FC_FAULT_LOG when set, so a test can tell that the library was in effect.
 *
 *   FC_FAULT_ERRNO=ENOSPC|EIO|EDQUOT|EROFS  the error injected (default ENOSPC)
 *   FC_FAULT_WRITE_AFTER=N    the first N writes succeed; the next writes half of its bytes
 *                             (a short write, as a filling disk does) and later ones fail
 *   FC_FAULT_CLOSE_AFTER=N    closes after the first N close the file, then return the error
 *   FC_FAULT_RENAME_AFTER=N   renames after the first N fail (nothing renamed)
 *   FC_FAULT_FSYNC_AFTER=N    fsync/fdatasync after the first N fail
 *   FC_FAULT_OPEN_DENY=S      opening a path containing S fails with EACCES
 *   FC_FAULT_READ_EIO=S       reading a file opened (fopen) by a path containing S fails
 *                             with EIO
 *   FC_FAULT_DENY_DIR=D       below directory D: mkdir, creating files and access(W_OK) fail
 *                             with EACCES (an unwritable output directory, even for root)
 *   FC_FAULT_SIGNAL_AT_WRITE=N:SIG   raise SIG (INT, TERM, HUP, KILL) at the N-th write
 *                             (1-based)
 *   FC_FAULT_WRITE_DELAY_US=U sleep U microseconds before each write (a slow disk)
 *   FC_FAULT_LOG=PATH         append "fault: CALL PATH-OR-FD" for every fault injected
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define MAX_TRACKED 64

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_close)(int);
static int (*real_rename)(const char *, const char *);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static FILE *(*real_fopen)(const char *, const char *);
static FILE *(*real_fopen64)(const char *, const char *);
static size_t (*real_fread)(void *, size_t, size_t, FILE *);
static int (*real_mkdir)(const char *, mode_t);
static int (*real_access)(const char *, int);

static int fault_errno = ENOSPC;
static long write_after = -1, close_after = -1, rename_after = -1, fsync_after = -1;
static long signal_at = -1, delay_us = 0;
static int signal_no = 0;
static const char *open_deny, *read_eio, *deny_dir, *log_path;
static long n_write, n_close, n_rename, n_fsync;
static FILE *eio_files[MAX_TRACKED];
static int eio_fds[MAX_TRACKED]; /* descriptors opened (open) by a READ_EIO path, +1; 0 free */

/* Remembers fd when path is a READ_EIO path, so that fdopen(fd) gives a failing stream. */
static int
track_fd(int fd, const char *path, int flags)
{
    if (fd >= 0 && read_eio && (flags & O_ACCMODE) == O_RDONLY && strstr(path, read_eio))
        for (size_t i = 0; i < MAX_TRACKED; i++)
            if (eio_fds[i] == 0) {
                eio_fds[i] = fd + 1;
                break;
            }
    return fd;
}

#define LOAD(name) real_##name = (__typeof__(real_##name))dlsym(RTLD_NEXT, #name)

static long
env_long(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? strtol(v, NULL, 10) : -1;
}

static int ready;

/* Loads the real calls and reads the settings: at load time, or earlier when another
 * library's constructor already opens or writes files. */
__attribute__((constructor)) static void
init(void)
{
    const char *e, *s;
    if (ready)
        return;
    ready = 1;
    LOAD(write);
    LOAD(close);
    LOAD(rename);
    LOAD(fsync);
    LOAD(fdatasync);
    LOAD(open);
    LOAD(open64);
    LOAD(openat);
    LOAD(fopen);
    LOAD(fopen64);
    LOAD(fread);
    LOAD(mkdir);
    LOAD(access);
    if ((e = getenv("FC_FAULT_ERRNO")) != NULL) {
        if (strcmp(e, "EIO") == 0)
            fault_errno = EIO;
        else if (strcmp(e, "EDQUOT") == 0)
            fault_errno = EDQUOT;
        else if (strcmp(e, "EROFS") == 0)
            fault_errno = EROFS;
    }
    write_after = env_long("FC_FAULT_WRITE_AFTER");
    close_after = env_long("FC_FAULT_CLOSE_AFTER");
    rename_after = env_long("FC_FAULT_RENAME_AFTER");
    fsync_after = env_long("FC_FAULT_FSYNC_AFTER");
    delay_us = env_long("FC_FAULT_WRITE_DELAY_US");
    if ((s = getenv("FC_FAULT_SIGNAL_AT_WRITE")) != NULL && strchr(s, ':')) {
        const char *sig = strchr(s, ':') + 1;
        signal_at = strtol(s, NULL, 10);
        signal_no = strcmp(sig, "TERM") == 0   ? SIGTERM
                    : strcmp(sig, "HUP") == 0  ? SIGHUP
                    : strcmp(sig, "KILL") == 0 ? SIGKILL
                                               : SIGINT;
    }
    open_deny = getenv("FC_FAULT_OPEN_DENY");
    read_eio = getenv("FC_FAULT_READ_EIO");
    deny_dir = getenv("FC_FAULT_DENY_DIR");
    log_path = getenv("FC_FAULT_LOG");
    if (open_deny && !*open_deny)
        open_deny = NULL;
    if (read_eio && !*read_eio)
        read_eio = NULL;
    if (deny_dir && !*deny_dir)
        deny_dir = NULL;
}

/* one line to FC_FAULT_LOG, written with the real calls (no recursion into the shim) */
static void
note(const char *call, const char *what)
{
    char line[1200];
    int fd, n;
    if (log_path == NULL || real_open == NULL)
        return;
    n = snprintf(line, sizeof line, "fault: %s %s\n", call, what);
    if ((fd = real_open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
        return;
    if (real_write(fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)) < 0) {
        /* the log is best effort */
    }
    real_close(fd);
}

static void
note_fd(const char *call, int fd)
{
    char b[32];
    snprintf(b, sizeof b, "fd %d", fd);
    note(call, b);
}

/* a descriptor the shim may touch: a regular file other than stdin/stdout/stderr */
static int
target_fd(int fd)
{
    struct stat sb;
    return fd > 2 && fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode);
}

static int
below_deny_dir(const char *path)
{
    size_t n;
    if (deny_dir == NULL || path == NULL)
        return 0;
    n = strlen(deny_dir);
    return strncmp(path, deny_dir, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

static int
deny_open(const char *path, int flags)
{
    if (path && open_deny && strstr(path, open_deny)) {
        note("open", path);
        return 1;
    }
    if ((flags & (O_CREAT | O_WRONLY | O_RDWR)) && below_deny_dir(path)) {
        note("open", path);
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ writing */

ssize_t
write(int fd, const void *buf, size_t n)
{
    init();
    if (!target_fd(fd))
        return real_write(fd, buf, n);
    long k = __atomic_add_fetch(&n_write, 1, __ATOMIC_SEQ_CST); /* 1-based */
    if (delay_us > 0) {
        struct timespec ts = {delay_us / 1000000, (delay_us % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
    if (signal_at > 0 && k == signal_at) {
        note_fd("signal", fd);
        raise(signal_no);
    }
    if (write_after >= 0 && k > write_after) {
        if (k == write_after + 1 && n > 1) { /* the disk fills inside this write */
            note_fd("write(short)", fd);
            return real_write(fd, buf, n / 2);
        }
        note_fd("write", fd);
        errno = fault_errno;
        return -1;
    }
    return real_write(fd, buf, n);
}

int
close(int fd)
{
    init();
    for (size_t i = 0; i < MAX_TRACKED; i++) /* a descriptor closed unread is forgotten */
        if (eio_fds[i] == fd + 1)
            eio_fds[i] = 0;
    if (close_after < 0 || !target_fd(fd))
        return real_close(fd);
    long k = __atomic_add_fetch(&n_close, 1, __ATOMIC_SEQ_CST);
    int rc = real_close(fd);
    if (k > close_after && rc == 0) { /* as NFS reports a failed write-back at close */
        note_fd("close", fd);
        errno = fault_errno;
        return -1;
    }
    return rc;
}

int
rename(const char *from, const char *to)
{
    init();
    if (rename_after >= 0) {
        long k = __atomic_add_fetch(&n_rename, 1, __ATOMIC_SEQ_CST);
        if (k > rename_after) {
            note("rename", to);
            errno = fault_errno;
            return -1;
        }
    }
    if (below_deny_dir(to)) {
        note("rename", to);
        errno = EACCES;
        return -1;
    }
    return real_rename(from, to);
}

static int
sync_fault(int fd)
{
    if (fsync_after < 0 || !target_fd(fd))
        return 0;
    if (__atomic_add_fetch(&n_fsync, 1, __ATOMIC_SEQ_CST) > fsync_after) {
        note_fd("fsync", fd);
        errno = fault_errno;
        return 1;
    }
    return 0;
}

int
fsync(int fd)
{
    init();
    return sync_fault(fd) ? -1 : real_fsync(fd);
}

int
fdatasync(int fd)
{
    init();
    return sync_fault(fd) ? -1 : real_fdatasync(fd);
}

/* ------------------------------------------------------------------------ opening */

static mode_t
mode_arg(int flags, va_list ap)
{
    return (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
}

int
open(const char *path, int flags, ...)
{
    init();
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (deny_open(path, flags)) {
        errno = EACCES;
        return -1;
    }
    return track_fd(real_open(path, flags, mode), path, flags);
}

int
open64(const char *path, int flags, ...)
{
    init();
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (deny_open(path, flags)) {
        errno = EACCES;
        return -1;
    }
    return track_fd((real_open64 ? real_open64 : real_open)(path, flags, mode), path, flags);
}

int
openat(int dirfd, const char *path, int flags, ...)
{
    init();
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    if (deny_open(path, flags)) {
        errno = EACCES;
        return -1;
    }
    return real_openat(dirfd, path, flags, mode);
}

static FILE *
track(FILE *fp, const char *path)
{
    if (fp && read_eio && strstr(path, read_eio)) {
        for (size_t i = 0; i < MAX_TRACKED; i++) {
            if (eio_files[i] == NULL) {
                eio_files[i] = fp;
                break;
            }
        }
    }
    return fp;
}

static int
fopen_denied(const char *path, const char *mode)
{
    int flags = strchr(mode, 'w') || strchr(mode, 'a') ? O_CREAT | O_WRONLY
                : strchr(mode, '+')                    ? O_RDWR
                                                       : O_RDONLY;
    return deny_open(path, flags);
}

FILE *
fdopen(int fd, const char *mode)
{
    static FILE *(*real_fdopen)(int, const char *);
    FILE *fp;
    init();
    if (real_fdopen == NULL)
        LOAD(fdopen);
    fp = real_fdopen(fd, mode);
    for (size_t i = 0; fp && i < MAX_TRACKED; i++)
        if (eio_fds[i] == fd + 1) {
            eio_fds[i] = 0;
            for (size_t k = 0; k < MAX_TRACKED; k++)
                if (eio_files[k] == NULL) {
                    eio_files[k] = fp;
                    break;
                }
            break;
        }
    return fp;
}

FILE *
fopen(const char *path, const char *mode)
{
    init();
    if (fopen_denied(path, mode)) {
        errno = EACCES;
        return NULL;
    }
    return track(real_fopen(path, mode), path);
}

FILE *
fopen64(const char *path, const char *mode)
{
    init();
    if (fopen_denied(path, mode)) {
        errno = EACCES;
        return NULL;
    }
    return track((real_fopen64 ? real_fopen64 : real_fopen)(path, mode), path);
}

size_t
fread(void *buf, size_t size, size_t n, FILE *fp)
{
    init();
    for (size_t i = 0; i < MAX_TRACKED && read_eio; i++) {
        if (eio_files[i] == fp) {
            note("fread", read_eio);
            fp->_flags |= _IO_ERR_SEEN; /* glibc: what ferror() reports */
            errno = EIO;
            return 0;
        }
    }
    return real_fread(buf, size, n, fp);
}

int
fclose(FILE *fp)
{
    init();
    static int (*real_fclose)(FILE *);
    if (real_fclose == NULL)
        LOAD(fclose);
    for (size_t i = 0; i < MAX_TRACKED; i++)
        if (eio_files[i] == fp)
            eio_files[i] = NULL;
    return real_fclose(fp);
}

/* ------------------------------------------------------------------------ directories */

int
mkdir(const char *path, mode_t mode)
{
    init();
    if (below_deny_dir(path)) {
        struct stat sb;
        if (stat(path, &sb) == 0) { /* mkdir -p walks existing parents: EEXIST as usual */
            errno = EEXIST;
            return -1;
        }
        note("mkdir", path);
        errno = EACCES;
        return -1;
    }
    return real_mkdir(path, mode);
}

int
access(const char *path, int how)
{
    init();
    if ((how & W_OK) && below_deny_dir(path)) {
        note("access", path);
        errno = EACCES;
        return -1;
    }
    return real_access(path, how);
}
