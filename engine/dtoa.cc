// dtoa.cc: the one C++ file: a C entry point to Google's double-conversion library, which
// gives the shortest decimal string that reads back to the same double (the Grisu/bignum
// algorithms). Writing 5 million numbers with printf("%.17g") would dominate a run.
#include <double-conversion/double-to-string.h>

extern "C" size_t fc_dtoa(double x, char *buf);

extern "C" size_t
fc_dtoa(double x, char *buf)
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
