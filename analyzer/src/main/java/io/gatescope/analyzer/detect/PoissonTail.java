package io.gatescope.analyzer.detect;

/** P(X >= k) for X ~ Poisson(mu): how surprising k errors are when mu were expected. */
public final class PoissonTail {

    private PoissonTail() {}

    public static double atLeast(long k, double mu) {
        if (k <= 0) {
            return 1;
        }
        if (mu <= 0) {
            return 0;
        }
        if (mu > 100) {
            // Normal approximation with continuity correction; exact enough for a threshold.
            double z = (k - 0.5 - mu) / Math.sqrt(mu);
            return 0.5 * erfc(z / Math.sqrt(2));
        }
        double term = Math.exp(-mu);
        double below = 0;
        for (long i = 0; i < k; i++) {
            below += term;
            term = term * mu / (i + 1);
            if (term < 1e-300 && i > mu) {
                break;
            }
        }
        return Math.max(0, 1 - below);
    }

    /** Complementary error function (Numerical Recipes' erfcc, |error| < 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r =
                t
                        * Math.exp(
                                -z * z
                                        - 1.26551223
                                        + t
                                                * (1.00002368
                                                        + t
                                                                * (0.37409196
                                                                        + t
                                                                                * (0.09678418
                                                                                        + t
                                                                                                * (-0.18628806
                                                                                                        + t
                                                                                                                * (0.27886807
                                                                                                                        + t
                                                                                                                                * (-1.13520398
                                                                                                                                        + t
                                                                                                                                                * (1.48851587
                                                                                                                                                        + t
                                                                                                                                                                * (-0.82215223
                                                                                                                                                                        + t
                                                                                                                                                                                * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
