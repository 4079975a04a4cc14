# tests/bench/timed.sh: sourced by the bench scripts.
# timed FILE CMD...: runs CMD under /usr/bin/time -v (its output dropped, the report kept in
# FILE) and sets WALL (seconds), CPU (user plus system seconds) and PEAK_MB (peak resident
# memory) from the report.
timed() {
    _report=$1
    shift
    /usr/bin/time -v "$@" 2>"$_report" >/dev/null
    set -- $(awk -F': ' '
        /Elapsed \(wall clock\)/ {   # m:ss.ss, or h:mm:ss past an hour
            n = split($2, t, ":")
            wall = n == 3 ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %.0f\n", wall, user + sys, rss / 1024 }' "$_report")
    WALL=$1 CPU=$2 PEAK_MB=$3
}
