/* out_int.h: what out.c (the output set) and write.c (the buffered writers) share. Not a
 * public header. */
#ifndef FC_ENGINE_OUT_INT_H
#define FC_ENGINE_OUT_INT_H

#include "engine/io/out.h"

#include <openssl/evp.h>

#define WBUF (1u << 18)

struct fc_writer {
    int mem;         /* nonzero: an in-memory writer that grows instead of flushing */
    int discard;     /* nonzero: a writer of a discarding set (fc_out_open_discard): its
                        bytes are hashed and kept as asked, never written */
    size_t cap;
    int fd;
    char *tmp;       /* temporary path */
    char *final;     /* final path */
    char *name;
    char *buf;
    size_t len;
    int err;         /* errno of the first failure, sticky */
    EVP_MD_CTX *md;  /* SHA-256 of the bytes written so far (file writers), for the manifest */
    unsigned long long bytes; /* bytes written so far */
    char *kept;      /* a copy of every byte written, for a later stage (fc_out_keep) */
    size_t nkept, capkept;
    int keep;
    size_t keep_max; /* nonzero: stop keeping (over = 1) past this many bytes */
    int digits;      /* fc_w_num's significant digits, 0: the shortest exact form */
    int over;
};

struct fc_out {
    char *dir;
    fc_writer **w;
    size_t n, cap;
    int committed;
    int slot;        /* index in the signal-safe registry, -1 if none */
    int digests;     /* files started from now on keep their SHA-256 (fc_out_digests) */
    const char *const *keep[8]; /* names whose bytes are kept in memory (fc_out_keep) */
    size_t nkeep;
    size_t cleaned;  /* temporaries of dead runs removed at open */
    int made_dir;    /* fc_out_open made the folder: an abort removes it when left empty */
    int discard;     /* fc_out_open_discard: no folder, no files */
    size_t keep_csv_max; /* fc_out_keep_tables: keep every table up to this size */
    int digits;          /* fc_out_digits */
    struct { char key[96]; double v; } fact[32]; /* fc_out_fact */
    size_t nfact;
};

/* Writes w's pending bytes to its file (hashing and keeping them as asked); a failure is
 * kept in w->err. */
void fc_w_flush(fc_writer *w);

#endif /* FC_ENGINE_OUT_INT_H */
