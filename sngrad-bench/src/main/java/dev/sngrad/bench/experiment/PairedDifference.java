package dev.sngrad.bench.experiment;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.math.Stats;
import java.util.Locale;

/**
 * The mean of paired differences (one optimizer minus the reference, seed by seed) with its 95%
 * Student-t confidence interval, and the verdict it supports: better or worse only when the
 * interval excludes 0.
 *
 * @param differences the per-seed differences
 */
public record PairedDifference(Stats differences) {
  /** Two-sided 97.5% quantiles of Student's t for 1 to 30 degrees of freedom (standard tables). */
  private static final double[] T_975 = {
      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
      2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
      2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

  /** What the interval says about the mean difference. */
  public enum Verdict {
    /** The interval lies above 0. */
    BETTER,
    /** The interval lies below 0. */
    WORSE,
    /** The interval contains 0, or there are fewer than two pairs. */
    UNDECIDED
  }

  public PairedDifference {
    checkArgument(differences.count() >= 1, "no paired differences");
  }

  /**
   * The 97.5% quantile of Student's t with {@code df} degrees of freedom: the table to 30, then
   * the Cornish-Fisher expansion around the normal quantile (within 1e-3 of the exact value there).
   */
  static double tQuantile975(long df) {
    checkArgument(df >= 1, "degrees of freedom must be >= 1, got %s", df);
    if (df <= T_975.length) {
      return T_975[(int) df - 1];
    }
    double z = 1.959963984540054;
    double z3 = z * z * z;
    return z + (z3 + z) / (4.0 * df) + (5 * z3 * z * z + 16 * z3 + 3 * z) / (96.0 * df * df);
  }

  /** The mean difference. */
  public double mean() {
    return differences.mean();
  }

  /** Half the width of the 95% interval; NaN for a single pair. */
  public double halfWidth() {
    long n = differences.count();
    return n < 2 ? Double.NaN : tQuantile975(n - 1) * differences.sampleStandardDeviation() / Math.sqrt(n);
  }

  /** Lower end of the 95% interval; NaN for a single pair. */
  public double lower() {
    return mean() - halfWidth();
  }

  /** Upper end of the 95% interval; NaN for a single pair. */
  public double upper() {
    return mean() + halfWidth();
  }

  /** Better or worse when the interval excludes 0, else undecided. */
  public Verdict verdict() {
    if (differences.count() < 2) {
      return Verdict.UNDECIDED;
    }
    return lower() > 0 ? Verdict.BETTER : upper() < 0 ? Verdict.WORSE : Verdict.UNDECIDED;
  }

  /**
   * In percentage points of a fraction: {@code +0.12 [-0.30, +0.54] (3)} (mean, 95% interval, pairs),
   * {@code +0.12 (1)} for one pair.
   */
  public String percentText() {
    return differences.count() > 1
        ? String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f] (%d)", 100 * mean(), 100 * lower(), 100 * upper(), differences.count())
        : String.format(Locale.ROOT, "%+.2f (1)", 100 * mean());
  }
}
