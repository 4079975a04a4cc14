// dtoa_oracle.cc: the test oracle for engine/io/dtoa.cc: the same number format from Google's
// double-conversion (Grisu with a bignum fallback), an independent shortest round-trip
// implementation, so tests/test_dtoa.c can compare the two on millions of doubles.
#include <double-conversion/double-to-string.h>

extern "C" size_t fc_dtoa_oracle(double x, char *buf);

extern "C" size_t
fc_dtoa_oracle(double x, char *buf)
{
    // No exponent for 1e-6 <= |x| < 1e21; "inf"/"nan" never reach here (inputs are finite).
    static const double_conversion::DoubleToStringConverter conv(
        double_conversion::DoubleToStringConverter::NO_FLAGS, "inf", "nan", 'e', -6, 21, 0, 0);
    double_conversion::StringBuilder sb(buf, 32);
    conv.ToShortest(x, &sb);
    int n = sb.position();
    sb.Finalize();
    return static_cast<size_t>(n);
}
