/* sink.h: a chart's bytes into an output file: the fc_sink (plots/chart.h) that appends to
 * an fc_writer of the one writer (engine/io/out.h), so a chart lands at commit like a table. */
#ifndef FC_ENGINE_IO_SINK_H
#define FC_ENGINE_IO_SINK_H

#include "engine/io/out.h"
#include "plots/chart.h"

/* A sink appending to w; a write error is sticky in w and reported at commit. */
fc_sink fc_w_sink(fc_writer *w);

#endif /* FC_ENGINE_IO_SINK_H */
