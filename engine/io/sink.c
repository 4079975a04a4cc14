/* sink.c: a chart's bytes into an output file (see sink.h). */
#include "engine/io/sink.h"

static int
writer_sink(void *closure, const unsigned char *data, size_t n)
{
    fc_w_raw(closure, (const char *)data, n); /* errors are sticky: reported at commit */
    return 0;
}

fc_sink
fc_w_sink(fc_writer *w)
{
    fc_sink s;
    s.write = writer_sink;
    s.closure = w;
    return s;
}
