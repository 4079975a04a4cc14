# evppi_mgcv.R: the EVPPI of each sampled parameter of the shipped PSA (datasets/pbma_psa.csv,
# its parameters datasets/pbma_psa_parameters.csv), by Strong, Oakley and Brennan's (2014)
# method with mgcv's GAM, as BCEA's evppi(method = "GAM") does it: for each strategy after
# the first, the incremental net benefit is regressed on the parameter with gam(y ~ s(x))
# (mgcv's defaults: a thin-plate regression spline, smoothness by GCV), and
# EVPPI = mean over samples of the best fitted value (0 for the first) - the best mean.
# Run once from the project folder: Rscript tests/data/evppi_mgcv/evppi_mgcv.R
# It writes tests/data/evppi_mgcv/expected.csv. An independent check of models/evppi.c,
# which uses penalised B-splines fitted by GCV instead.
suppressMessages(library(mgcv))
psa <- read.csv("datasets/pbma_psa.csv", stringsAsFactors = FALSE)
par <- read.csv("datasets/pbma_psa_parameters.csv")
strategies <- unique(psa$strategy)
nsim <- max(psa$sim)
cost <- sapply(strategies, function(s) psa$cost[psa$strategy == s][order(psa$sim[psa$strategy == s])])
effect <- sapply(strategies, function(s) psa$effect[psa$strategy == s][order(psa$sim[psa$strategy == s])])
par <- par[order(par$sim), ]
out <- data.frame()
for (wtp in c(10000, 20000, 30000)) {
    nb <- wtp * effect - cost
    inb <- nb[, -1, drop = FALSE] - nb[, 1]
    evpi <- mean(pmax(0, apply(inb, 1, max))) - max(0, colMeans(inb))
    for (p in setdiff(names(par), "sim")) {
        x <- par[[p]]
        fit <- sapply(seq_len(ncol(inb)), function(k) fitted(gam(inb[, k] ~ s(x))))
        evppi <- mean(pmax(0, apply(fit, 1, max))) - max(0, colMeans(fit))
        out <- rbind(out, data.frame(wtp = wtp, parameter = p, evppi = evppi, evpi = evpi))
    }
}
write.csv(out, "tests/data/evppi_mgcv/expected.csv", row.names = FALSE)
cat(sprintf("%s, mgcv %s: %d rows\n", R.version.string, packageVersion("mgcv"), nrow(out)))
