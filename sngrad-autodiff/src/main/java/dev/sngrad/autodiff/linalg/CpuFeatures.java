package dev.sngrad.autodiff.linalg;

/**
 * What this JVM offers for fast loops, probed once: the one place that decides between a Vector
 * API loop and its scalar twin (matrix kernels, ReLU, the finite scan, the statistics and rule
 * passes). Both twins give the same bits, so the answer changes speed only.
 */
public final class CpuFeatures {
  private static final boolean VECTOR_API = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  private CpuFeatures() {}

  /**
   * True when the JVM was started with {@code --add-modules jdk.incubator.vector}.
   *
   * @return whether the Vector API loops can be used
   */
  public static boolean vectorApi() {
    return VECTOR_API;
  }
}
