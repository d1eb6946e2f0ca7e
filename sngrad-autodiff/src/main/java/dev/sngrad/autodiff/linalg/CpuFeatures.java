package dev.sngrad.autodiff.linalg;

/**
 * What this JVM offers for fast loops, probed once: the one place that decides between a Vector
 * API loop and its scalar twin. Both twins give the same bits, so the answers change speed only.
 *
 * <p>Two questions, answered apart:
 *
 * <ul>
 *   <li>{@link #vectorModule()}: whether {@code jdk.incubator.vector} is there at all, which the
 *       Vector API matrix kernel needs ({@link MatMulKernel#defaultKernel()}, with its own switch
 *       {@value MatMulKernel#VECTOR_PROPERTY}).
 *   <li>{@link #vectorApi()}: whether the passes around the products (ReLU, the finite scan, the
 *       one-pass moments snapshot, the signal-to-noise rule pass, the learning-rate scaling) take
 *       their Vector API loops. They do wherever the module is, JDK 17 included: in JDK 17 training
 *       steps (MLP 784-512-512-10, B = 128, bundled OpenBLAS, stack profiles side by side) the
 *       scalar twins of the double-precision passes (moments snapshot, rule pass) took 6-8 x the
 *       vector loops' share of the samples, the scalar ReLU no less than the vector one, and the
 *       step allocated the same 40 KB with either; JDK 17's C2 compiles these short loops, unlike
 *       parts of the matrix kernel. The system property {@value #VECTOR_LOOPS_PROPERTY}{@code
 *       =false} gives the scalar twins, to measure them again on another JDK or machine.
 * </ul>
 */
public final class CpuFeatures {
  /** System property that turns the passes' Vector API loops off ({@code false}) or on ({@code true}, the default). */
  public static final String VECTOR_LOOPS_PROPERTY = "sngrad.vector.loops";

  private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  private static final boolean VECTOR_LOOPS = vectorLoops(VECTOR_MODULE, System.getProperty(VECTOR_LOOPS_PROPERTY));

  private CpuFeatures() {}

  /**
   * True when the JVM was started with {@code --add-modules jdk.incubator.vector}.
   *
   * @return whether the Vector API matrix kernel can be used
   */
  public static boolean vectorModule() {
    return VECTOR_MODULE;
  }

  /**
   * True when the passes around the products run their Vector API loops: the module is there and
   * {@value #VECTOR_LOOPS_PROPERTY} is not {@code false} (see the class comment).
   *
   * @return whether the elementwise and reduction passes use the Vector API
   */
  public static boolean vectorApi() {
    return VECTOR_LOOPS;
  }

  /**
   * The decision behind {@link #vectorApi()}, from its inputs.
   *
   * @param module whether {@code jdk.incubator.vector} is present
   * @param property the value of {@value #VECTOR_LOOPS_PROPERTY}, or null when it is not set
   * @return whether the passes take their Vector API loops
   * @throws IllegalArgumentException if {@code property} is neither {@code true} nor {@code false}
   */
  static boolean vectorLoops(boolean module, String property) {
    if (property != null && !property.equals("true") && !property.equals("false")) {
      throw new IllegalArgumentException(
          "-D" + VECTOR_LOOPS_PROPERTY + "=" + property + ": expected true or false");
    }
    return module && !"false".equals(property);
  }
}
