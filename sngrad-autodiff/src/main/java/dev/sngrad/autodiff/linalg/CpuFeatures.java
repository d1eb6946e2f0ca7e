package dev.sngrad.autodiff.linalg;

/**
 * What this JVM offers for fast loops, probed once: the one place that decides between a Vector
 * API loop and its scalar twin. Both twins give the same bits, so the answers change speed only.
 *
 * <p>Six questions, answered apart:
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
 *   <li>{@link #vectorPacking()}: whether the Vector API matrix kernel packs its operands with
 *       Vector API moves or with scalar loops; only on JDK 25 and later (see there).
 *   <li>{@link #passLanes}: how many doubles the double-precision passes (moments snapshot, rule
 *       pass) take per vector, 8 or 4 (see there).
 *   <li>{@link #vectorShuffles()}: whether loops that move lanes between vectors (max pooling)
 *       take their Vector API form; only on JDK 25 and later (see there).
 *   <li>{@link #vectorReductions()}: whether loops that sum rows into vectors held in registers
 *       (a bias's per-example moments) take their Vector API form; only on JDK 25 and later.
 * </ul>
 */
public final class CpuFeatures {
  /** System property that sets the double-precision passes' vector width, {@code 4} or {@code 8} doubles. */
  public static final String PASS_LANES_PROPERTY = "sngrad.vector.passLanes";

  /** System property that turns the passes' Vector API loops off ({@code false}) or on ({@code true}, the default). */
  public static final String VECTOR_LOOPS_PROPERTY = "sngrad.vector.loops";

  private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  private static final boolean VECTOR_LOOPS = vectorLoops(VECTOR_MODULE, System.getProperty(VECTOR_LOOPS_PROPERTY));
  /** The first JDK seen to compile the matrix kernel's packing moves without boxing them. */
  private static final int VECTOR_PACKING_SINCE = 25;
  private static final boolean VECTOR_PACKING = vectorPacking(Runtime.version().feature());
  /** The first JDK on which the loops that rearrange lanes were measured (max pooling). */
  private static final int VECTOR_SHUFFLES_SINCE = 25;
  private static final boolean VECTOR_SHUFFLES = VECTOR_LOOPS && Runtime.version().feature() >= VECTOR_SHUFFLES_SINCE;
  /** The first JDK measured to compile a float reduction loop's stores after the passes' 128-bit loops. */
  private static final int VECTOR_REDUCTIONS_SINCE = 25;
  private static final boolean VECTOR_REDUCTIONS = vectorReductions(VECTOR_LOOPS, Runtime.version().feature());
  /** The first JDK seen to compile the passes' 512-bit conversions without boxing them. */
  private static final int WIDE_PASSES_SINCE = 25;

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
   * True when loops that rearrange lanes between two vectors take their Vector API form: {@link
   * #vectorApi()} holds and the JDK is 25 or later. Max pooling's 2 x 2 windows with stride 2 take
   * eight windows at a time that way, selecting lanes where the scalar scan branches (docs/benchmarks.md,
   * "Convolutional step"). Only JDK 25 was measured; earlier JDKs keep the scalar loops, which give
   * the same bits (JDK 17 compiled other lane moves into the Vector API's boxed fallback, see
   * {@link #vectorPacking()}).
   *
   * @return whether max pooling uses the Vector API
   */
  public static boolean vectorShuffles() {
    return VECTOR_SHUFFLES;
  }

  /**
   * True when loops that sum rows of floats into vectors held in registers (a bias's per-example
   * moments: column sums of a cotangent and of its squares) take their Vector API form: {@link
   * #vectorApi()} holds and the JDK is 25 or later. JDK 17's C2 failed to compile the stores of
   * those sums once a 128-bit float loop had run (their type profile then holds two vector shapes),
   * and ran the whole loop in the Vector API's boxed fallback: an MLP 784-512-512-10 sngrad step at
   * B = 128 allocated 2.4 MB against 27 KB with the scalar loop, which gives the same bits.
   *
   * @return whether the bias moments use the Vector API
   */
  public static boolean vectorReductions() {
    return VECTOR_REDUCTIONS;
  }

  /**
   * The decision behind {@link #vectorReductions()}, from its inputs.
   *
   * @param loops whether the passes take their Vector API loops ({@link #vectorApi()})
   * @param feature the JDK's feature release, {@code Runtime.version().feature()}
   * @return whether the bias moments use the Vector API there
   */
  static boolean vectorReductions(boolean loops, int feature) {
    return loops && feature >= VECTOR_REDUCTIONS_SINCE;
  }

  /**
   * True when the Vector API matrix kernel packs full panels of {@code B} and blocks of a
   * transposed {@code A} (copies, squared or not) 8 floats at a time with Vector API moves; false
   * when it packs them with scalar loops, which give the same bits. JDK 17's C2 compiled those
   * moves into the Vector API's boxed fallback, an object per vector, once a 128-bit float loop
   * (the learning-rate scaling, the moments snapshot, the rule pass) had run hot before them:
   * training steps of the MLP 784-512-512-10 allocated 9.6-39 MB each (B = 128 and 1024) against
   * 29-57 KB with the scalar loops, the JDK 25 level; the kernel's multiply-add blocks stayed
   * compiled. JDK 25 compiles the moves. JDKs 18 to 24 were not measured and take the scalar loops.
   *
   * @return whether the matrix kernel's packing uses the Vector API
   */
  static boolean vectorPacking() {
    return VECTOR_PACKING;
  }

  /**
   * The decision behind {@link #vectorPacking()}, from its input.
   *
   * @param feature the JDK's feature release, {@code Runtime.version().feature()}
   * @return whether the matrix kernel's packing uses the Vector API there
   */
  static boolean vectorPacking(int feature) {
    return feature >= VECTOR_PACKING_SINCE;
  }

  /**
   * Doubles per vector in the double-precision passes around the products (the moments snapshot
   * and the rule pass): 8 where the processor's preferred vectors hold 512 bits and the JDK is 25
   * or later, 4 otherwise, unless {@value #PASS_LANES_PROPERTY} says {@code 4} or {@code 8}. Both
   * widths give the same bits: every element gets the same operations, and the diagnostic sums
   * stay in four fixed lanes. On AMD Zen 5 (JDK 25, 2 threads) eight lanes made the sngrad pass
   * 11-31 % faster (docs/benchmarks.md, "The per-parameter pass"); on an Intel Xeon an earlier
   * trial gained nothing; JDK 17 runs parts of the 512-bit loops in the Vector API's boxed fallback
   * (5-16 MB per pass, up to twice the time), so it keeps four.
   *
   * @param feature the JDK's feature release, {@code Runtime.version().feature()}
   * @param preferredBits the bit size of the Vector API's preferred species on this processor
   * @param property the value of {@value #PASS_LANES_PROPERTY}, or null when it is not set
   * @return 4 or 8
   * @throws IllegalArgumentException if {@code property} is neither {@code 4} nor {@code 8}
   */
  public static int passLanes(int feature, int preferredBits, String property) {
    if (property != null) {
      if (!property.equals("4") && !property.equals("8")) {
        throw new IllegalArgumentException("-D" + PASS_LANES_PROPERTY + "=" + property + ": expected 4 or 8");
      }
      return Integer.parseInt(property);
    }
    return feature >= WIDE_PASSES_SINCE && preferredBits >= 512 ? 8 : 4;
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
