// dtoa.cc: the one C++ file: fc_dtoa (engine/io/out.h), the shortest decimal string that reads
// back to the same double, from the Dragonbox algorithm in {fmt} (libfmt), about twice as
// fast as Grisu (double-conversion) and ten times faster than printf("%.17g"). Writing
// millions of numbers, this is most of a large run's time.
//
// {fmt} gives the shortest significand and exponent (fmt::detail::dragonbox::to_decimal,
// exported from libfmt since 8.0; pinned by the Debian package); the layout is ours, the
// same as double-conversion's ToShortest with NO_FLAGS, low -6, high 21: no exponent for
// 1e-6 <= |x| < 1e21 ("0.000001", "123.25", "100000000000000000000"), else "1.5e-7",
// "1e21"; "-0" for negative zero. tests/test_dtoa.c checks every byte against
// double-conversion itself on millions of doubles.
#include <cmath>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

extern "C" size_t fc_dtoa(double x, char *buf);

extern "C" size_t
fc_dtoa(double x, char *buf)
{
    char *p = buf;
    if (!std::isfinite(x)) { // never written by fc_w_num (an error there); defined output here
        std::strcpy(buf, std::isnan(x) ? "NaN" : x < 0 ? "-inf" : "inf");
        return std::strlen(buf);
    }
    if (std::signbit(x)) {
        *p++ = '-';
        x = -x;
    }
    if (x == 0.0) {
        *p++ = '0';
        *p = '\0';
        return static_cast<size_t>(p - buf);
    }
    // Inputs are finite (validated at reading); an inf or nan here is a bug upstream.
    auto dec = fmt::detail::dragonbox::to_decimal(x);
    std::uint64_t sig = dec.significand;
    int exp = dec.exponent;
    while (sig % 10 == 0) { // Dragonbox already strips them; cheap insurance
        sig /= 10;
        exp++;
    }
    // the significand's digits (at most 17), two at a time from the right, into the end of
    // dbuf: the low eight digits of a long one with 32-bit arithmetic first (cheaper than a
    // 64-bit division per pair), then the rest
    static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930"
                                "31323334353637383940414243444546474849505152535455565758596061"
                                "62636465666768697071727374757677787980818283848586878889909192"
                                "93949596979899";
    char dbuf[24], *end = dbuf + sizeof dbuf, *d = end;
    if (sig >= 100000000u) {
        std::uint32_t lo = static_cast<std::uint32_t>(sig % 100000000u);
        sig /= 100000000u;
        for (int k = 0; k < 4; k++) {
            d -= 2;
            std::memcpy(d, pairs + 2 * (lo % 100), 2);
            lo /= 100;
        }
    }
    std::uint32_t hi = static_cast<std::uint32_t>(sig); // < 10^9 now
    while (hi >= 100) {
        d -= 2;
        std::memcpy(d, pairs + 2 * (hi % 100), 2);
        hi /= 100;
    }
    if (hi >= 10) {
        d -= 2;
        std::memcpy(d, pairs + 2 * hi, 2);
    } else {
        *--d = static_cast<char>('0' + hi);
    }
    int n = static_cast<int>(end - d);
    int dp = n + exp; // value = 0.d[0..n) x 10^dp
    int e10 = dp - 1;
    if (-6 <= e10 && e10 < 21) {
        if (dp <= 0) {
            *p++ = '0';
            *p++ = '.';
            std::memset(p, '0', static_cast<size_t>(-dp));
            p += -dp;
            std::memcpy(p, d, static_cast<size_t>(n));
            p += n;
        } else if (dp >= n) {
            std::memcpy(p, d, static_cast<size_t>(n));
            p += n;
            std::memset(p, '0', static_cast<size_t>(dp - n));
            p += dp - n;
        } else {
            std::memcpy(p, d, static_cast<size_t>(dp));
            p += dp;
            *p++ = '.';
            std::memcpy(p, d + dp, static_cast<size_t>(n - dp));
            p += n - dp;
        }
    } else {
        *p++ = d[0];
        if (n > 1) {
            *p++ = '.';
            std::memcpy(p, d + 1, static_cast<size_t>(n - 1));
            p += n - 1;
        }
        *p++ = 'e';
        if (e10 < 0) {
            *p++ = '-';
            e10 = -e10;
        }
        char e[4];
        int k = 0;
        do {
            e[k++] = static_cast<char>('0' + e10 % 10);
            e10 /= 10;
        } while (e10);
        while (k)
            *p++ = e[--k];
    }
    *p = '\0';
    return static_cast<size_t>(p - buf);
}

// ---------------------------------------------------------------------------- reading
// fc_atod: the exact (correctly rounded) decimal-to-double conversion of Lemire's fast_float
// (libfast-float-dev, header-only), for plain decimals that fill the whole field: digits with
// an optional '-', '.', and exponent. Returns 1 with *out set, or 0 when the text is anything
// else (a '+', spaces, hex, inf/nan, out of range, junk): the caller then takes the careful
// strtod path that words the error. Several times faster than glibc strtod.
#include <fast_float/fast_float.h>

extern "C" int fc_atod(const char *s, size_t n, double *out);

extern "C" int
fc_atod(const char *s, size_t n, double *out)
{
    double v;
    auto r = fast_float::from_chars(s, s + n, v);
    if (r.ec != std::errc() || r.ptr != s + n || !std::isfinite(v))
        return 0;
    *out = v;
    return 1;
}
