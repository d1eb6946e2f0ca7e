package dev.sngrad.openblas;

import static dev.sngrad.autodiff.linalg.KernelOnThreads.on;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sngrad.autodiff.linalg.KernelOnThreads;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBlas;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bundled OpenBLAS kernel against the pure-Java scalar kernel, whose elements are each one
 * sequence of fused multiply-adds: OpenBLAS sums in another order, so results agree within float
 * rounding (a bound proportional to {@code k} and the magnitudes summed), not bit for bit.
 */
class BundledOpenBlasTest {
  private static final BundledOpenBlas PROVIDER = new BundledOpenBlas();

  /**
   * On JDK 22+ (whose builds compile the in-place kernel) the kernel must be the in-place one, and
   * on JDK 17-21 the pinning one: a silent fallback to the copies fails here, as a missing library
   * does.
   */
  @Test
  void theBundledLibraryLoadsOnThePlatformWhoseBinariesAreADependencyInPlaceOnJdk22AndNewer() {
    // linux-x86_64 binaries are this module's dependency: there, a failure to load is a failure
    if (Loader.getPlatform().equals("linux-x86_64")) {
      assertThat(PROVIDER.status()).startsWith("available: bundled OpenBLAS 0.3.31").containsPattern("from .*/libopenblas");
      assertThat(PROVIDER.copyingKernel()).get().hasToString("openblas-bundled");
      assertThat(PROVIDER.pinnedKernel()).get().hasToString("openblas-bundled-pinned");
      String forced = System.getenv(BundledOpenBlas.CORE_VARIABLE);
      if (forced == null) {
        assertThat(PROVIDER.status()).doesNotContain("processor kernels");
      } else { // the status says when the environment, not OpenBLAS, chose the processor kernels
        assertThat(PROVIDER.status()).contains("processor kernels " + forced + " (OPENBLAS_CORETYPE)");
      }
      if (Runtime.version().feature() >= 22) {
        assertThat(PROVIDER.status()).contains("arrays in place through the Foreign Function and Memory API");
        assertThat(PROVIDER.kernel()).get().hasToString("openblas-bundled-inplace");
      } else {
        assertThat(PROVIDER.status()).contains(
            "JNI, arrays pinned (dev.ludovic.netlib:blas; Foreign Function and Memory API: needs JDK 22 or newer");
        assertThat(PROVIDER.kernel()).get().isSameAs(PROVIDER.pinnedKernel().orElseThrow());
      }
    } else {
      assertThat(PROVIDER.status()).startsWith("unavailable: no bundled OpenBLAS for " + Loader.getPlatform());
      assertThat(PROVIDER.kernel()).isEmpty();
      assertThat(PROVIDER.copyingKernel()).isEmpty();
      assertThat(PROVIDER.pinnedKernel()).isEmpty();
    }
  }

  @Test
  void thePinningBindingRefusesALibraryOtherThanTheOneItLoaded() {
    if (PROVIDER.pinnedKernel().isPresent()) {
      assertThatThrownBy(() -> PinnedSgemm.open("/elsewhere/libblas.so.3"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(PinnedSgemm.LIBRARY_PROPERTY + " names another library");
    }
  }

  @Test
  void nativeBlasFindsTheBundledLibraryThroughServiceLoaderBeforeTheSystemOne() {
    if (PROVIDER.status().startsWith("available")) {
      assertThat(NativeBlas.status()).isEqualTo(PROVIDER.status());
      assertThat(NativeBlas.kernel()).get().isSameAs(PROVIDER.kernel().orElseThrow());
      assertThat(MatMulKernel.fastest()).isSameAs(PROVIDER.kernel().orElseThrow());
    }
  }

  /** Small products run in one call; large ones in bands of rows (m >= n) or of columns. */
  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1,1,1", "1,7,3", "5,1,9", "17,13,31", "2,129,65", "128,512,784", "784,512,128", "128,10,512", "3,300,400",
      "301,7,200", "32,9216,27"})
  void productsEqualTheJavaKernelsWithinFloatRoundingForAllTranspositions(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 1000L + n * 10L + k);
    for (KernelOnThreads kernel : kernels()) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          float[] a = random(m * k, rng);
          float[] b = random(k * n, rng);
          float[] expected = new float[m * n];
          MatMulKernel.scalar().multiply(WorkerThreads.callingThread(), a, ta, b, tb, expected, m, n, k);
          float[] sumOfMagnitudes = new float[m * n];
          MatMulKernel.scalar().multiply(WorkerThreads.callingThread(), abs(a), ta, abs(b), tb, sumOfMagnitudes, m, n, k);
          float[] c = new float[m * n];
          Arrays.fill(c, Float.NaN); // the kernel must overwrite, not accumulate
          kernel.multiply(a, ta, b, tb, c, m, n, k);
          assertClose(c, expected, sumOfMagnitudes, k, kernel + " transA=" + ta + " transB=" + tb);

          // squares are non-negative: the result is its own sum of magnitudes
          MatMulKernel.scalar().multiplySquares(WorkerThreads.callingThread(), a, ta, b, tb, expected, m, n, k);
          kernel.multiplySquares(a, ta, b, tb, c, m, n, k);
          assertClose(c, expected, expected, k, kernel + " squares transA=" + ta + " transB=" + tb);
        }
      }
    }
  }

  /**
   * The kernels on 1, 2 and 3 threads: the one {@link BundledOpenBlas#kernel} gives, the pinning
   * one and the copying one.
   */
  private static List<KernelOnThreads> kernels() {
    List<KernelOnThreads> kernels = new ArrayList<>();
    for (int threads = 1; threads <= 3; threads++) {
      for (MatMulKernel kernel : distinctKernels()) {
        kernels.add(on(kernel, threads));
      }
    }
    return kernels;
  }

  /** The chosen kernel, then the pinning and the copying one where they are other kernels. */
  private static List<MatMulKernel> distinctKernels() {
    List<MatMulKernel> kernels = new ArrayList<>();
    for (MatMulKernel kernel : new MatMulKernel[] {
      PROVIDER.kernel().orElseThrow(), PROVIDER.pinnedKernel().orElseThrow(), PROVIDER.copyingKernel().orElseThrow()}) {
      if (!kernels.contains(kernel)) {
        kernels.add(kernel);
      }
    }
    return kernels;
  }

  /**
   * The kernels pass OpenBLAS the same sizes, leading dimensions and offsets for every band (the
   * pinning one through the column-major {@code sgemm}, with the operands swapped), so they give
   * the same bits: on JDK 17 to 21 the chosen kernel is the pinning one.
   */
  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"17,13,31", "3,300,400", "128,512,784", "784,512,128", "301,7,200", "32,9216,27", "1000,999,40"})
  void theInPlaceThePinningAndTheCopyingKernelsGiveTheSameBits(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 7L + n * 3L + k);
    for (int threads = 1; threads <= 3; threads++) {
      KernelOnThreads copying = on(PROVIDER.copyingKernel().orElseThrow(), threads);
      for (int variant = 0; variant < 8; variant++) {
        boolean ta = (variant & 1) != 0;
        boolean tb = (variant & 2) != 0;
        boolean squares = (variant & 4) != 0;
        float[] a = random(m * k, rng);
        float[] b = random(k * n, rng);
        float[] viaCopies = new float[m * n];
        if (squares) {
          copying.multiplySquares(a, ta, b, tb, viaCopies, m, n, k);
        } else {
          copying.multiply(a, ta, b, tb, viaCopies, m, n, k);
        }
        for (MatMulKernel inPlace : distinctKernels()) {
          if (inPlace == copying.kernel()) {
            continue;
          }
          KernelOnThreads kernel = on(inPlace, threads);
          float[] c = new float[m * n];
          Arrays.fill(c, Float.NaN);
          if (squares) {
            kernel.multiplySquares(a, ta, b, tb, c, m, n, k);
          } else {
            kernel.multiply(a, ta, b, tb, c, m, n, k);
          }
          assertThat(c).as("%s against %s, transA=%s transB=%s squares=%s", kernel, copying, ta, tb, squares)
              .isEqualTo(viaCopies);
        }
      }
    }
  }

  /**
   * The two products of a weight's fused moments, {@code A^T D} and {@code (A*A)^T (D*D)}, side by
   * side on two threads (each whole on its own thread), give the bits of each product on one
   * thread, in every kernel (so JDK 17 and JDK 22+ agree). Not necessarily those of the products
   * split into bands: on some processors OpenBLAS's kernels for a band's edge sum in another order
   * (an AMD EPYC of family 26 differs in about 3 % of the elements; an Intel Xeon did not).
   */
  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"784,512,128", "512,10,128", "300,800,40", "2304,256,128", "17,13,31"})
  void bothMomentProductsAtOnceGiveTheBitsOfTheSeparateCalls(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 5L + n * 11L + k);
    for (int threads = 1; threads <= 3; threads++) {
      for (MatMulKernel each : distinctKernels()) {
        KernelOnThreads kernel = on(each, threads);
        float[] a = random(m * k, rng);
        float[] b = random(k * n, rng);
        float[] product = new float[m * n];
        float[] squares = new float[m * n];
        KernelOnThreads one = new KernelOnThreads(kernel.kernel(), WorkerThreads.callingThread());
        one.multiply(a, true, b, false, product, m, n, k);
        one.multiplySquares(a, true, b, false, squares, m, n, k);
        float[] c = new float[m * n];
        float[] cOfSquares = new float[m * n];
        kernel.multiplyAndSquares(a, true, b, false, c, cOfSquares, m, n, k);
        assertThat(c).as("%s product", kernel).isEqualTo(product);
        assertThat(cOfSquares).as("%s squares", kernel).isEqualTo(squares);
      }
    }
  }

  /**
   * A float sum of {@code k} products is within {@code k u sum|a_p b_p|} of the exact one, {@code u
   * = 2^-24} the unit roundoff (Higham, Accuracy and Stability of Numerical Algorithms, 2nd ed.,
   * eq. 3.5, to first order); two such sums, in any orders, are within twice that of each other.
   */
  private static void assertClose(float[] actual, float[] expected, float[] sumOfMagnitudes, int k, String what) {
    for (int i = 0; i < expected.length; i++) {
      double bound = 2.0 * k * 0x1p-24 * sumOfMagnitudes[i] + Float.MIN_NORMAL;
      assertThat(actual[i]).as("%s element %s", what, i).isCloseTo(expected[i], within((float) bound));
    }
  }

  private static float[] abs(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return y;
  }

  @Test
  void theSameProductGivesTheSameBitsAgainAfterAKernelOfAnotherThreadCountRan() {
    int m = 300, n = 200, k = 500;
    SplittableRandom rng = new SplittableRandom(3);
    float[] a = random(m * k, rng);
    float[] b = random(k * n, rng);
    KernelOnThreads one = on(PROVIDER.kernel().orElseThrow(), 1);
    KernelOnThreads two = on(PROVIDER.kernel().orElseThrow(), 2);
    float[] first = new float[m * n];
    float[] between = new float[m * n];
    float[] again = new float[m * n];
    one.multiply(a, false, b, false, first, m, n, k);
    two.multiply(a, false, b, false, between, m, n, k); // another thread count in between
    one.multiply(a, false, b, false, again, m, n, k);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void callersOnSeveralThreadsAtOnceGetTheirOwnResults() throws Exception {
    int m = 200, n = 150, k = 300;
    SplittableRandom rng = new SplittableRandom(5);
    float[][] as = new float[4][];
    float[][] expected = new float[4][];
    for (int i = 0; i < 4; i++) {
      as[i] = random(m * k, rng);
    }
    float[] b = random(k * n, rng);
    KernelOnThreads two = on(PROVIDER.kernel().orElseThrow(), 2);
    KernelOnThreads one = on(PROVIDER.kernel().orElseThrow(), 1);
    for (int i = 0; i < 4; i++) {
      expected[i] = new float[m * n];
      two.multiply(as[i], false, b, false, expected[i], m, n, k);
    }
    java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      java.util.List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 4; i++) {
          float[] a = as[i];
          KernelOnThreads kernel = i % 2 == 0 ? two : one; // the same kernel from two threads, and both kernels at once
          results.add(callers.submit(() -> {
            float[] c = new float[m * n];
            kernel.multiply(a, false, b, false, c, m, n, k);
            return c;
          }));
        }
      }
      for (int r = 0; r < results.size(); r++) {
        float[] c = results.get(r).get();
        float[] sumOfMagnitudes = new float[m * n];
        MatMulKernel.scalar().multiply(WorkerThreads.callingThread(), abs(as[r % 4]), false, abs(b), false, sumOfMagnitudes, m, n, k);
        assertClose(c, expected[r % 4], sumOfMagnitudes, k, "caller " + r);
      }
    } finally {
      callers.shutdownNow();
    }
  }

  @Test
  void aLargerProductAfterASmallerOneGrowsTheNativeBlocks() {
    KernelOnThreads kernel = on(PROVIDER.copyingKernel().orElseThrow(), 1);
    float[] small = new float[4];
    kernel.multiply(new float[] {1, 2, 3, 4}, false, new float[] {5, 6, 7, 8}, false, small, 2, 2, 2);
    assertThat(small).containsExactly(19, 22, 43, 50);
    float[] large = new float[9];
    kernel.multiply(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, false, new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, false, large,
        3, 3, 3);
    assertThat(large).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
    kernel.multiplySquares(new float[] {1, 2, 3, 4}, false, new float[] {1, 0, 0, 1}, false, small, 2, 2, 2);
    assertThat(small).containsExactly(1, 4, 9, 16);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chosen", "pinned", "copying"})
  void shortArraysFailBeforeReachingNativeCodeAndEmptyProductsNeedNoLibraryCall(String which) {
    KernelOnThreads kernel = on(kernel(which), 1);
    assertThatThrownBy(() -> kernel.multiply(new float[5], false, new float[6], false, new float[4], 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a has 5 values, needs 2 x 3");
    float[] c = {7, 7, 7, 7};
    kernel.multiply(new float[0], false, new float[0], false, c, 2, 2, 0);
    assertThat(c).containsOnly(0f);
    kernel.multiply(new float[0], false, new float[6], false, new float[0], 0, 2, 3);
  }

  @Test
  void kernelsAreShared() {
    assertThat(new BundledOpenBlas().kernel()).get().isSameAs(PROVIDER.kernel().orElseThrow());
    assertThat(new BundledOpenBlas().copyingKernel()).get().isSameAs(PROVIDER.copyingKernel().orElseThrow());
    assertThat(new BundledOpenBlas().pinnedKernel()).get().isSameAs(PROVIDER.pinnedKernel().orElseThrow());
  }

  private static MatMulKernel kernel(String which) {
    return switch (which) {
      case "chosen" -> PROVIDER.kernel().orElseThrow();
      case "pinned" -> PROVIDER.pinnedKernel().orElseThrow();
      case "copying" -> PROVIDER.copyingKernel().orElseThrow();
      default -> throw new IllegalArgumentException(which);
    };
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"chosen", "pinned", "copying"})
  void splitProductsAllocateNothingOrABoundedAmountPerProduct(String which) {
    // a convolution issues a product per example: a task and two native views per band made a
    // training step's allocation grow with the batch
    KernelOnThreads kernel = on(kernel(which), 2);
    SplittableRandom rng = new SplittableRandom(6);
    float[] a = random(64 * 256, rng);
    float[] b = random(256 * 512, rng);
    float[] c = new float[64 * 512];
    float[] cOfSquares = new float[64 * 512];
    int[][] shapes = {{64, 64, 64}, {2, 512, 256}, {64, 16, 256}}; // m, n, k: bands of rows, of columns, of rows
    Runnable everyVariant = () -> {
      for (int[] s : shapes) {
        for (int variant = 0; variant < 8; variant++) {
          boolean ta = (variant & 1) != 0;
          boolean tb = (variant & 2) != 0;
          if ((variant & 4) != 0) {
            kernel.multiplySquares(a, ta, b, tb, c, s[0], s[1], s[2]);
          } else {
            kernel.multiply(a, ta, b, tb, c, s[0], s[1], s[2]);
          }
        }
        kernel.multiplyAndSquares(a, true, b, false, c, cOfSquares, s[0], s[1], s[2]); // a weight's moments
      }
    };
    // The copying and the pinning kernel allocate nothing from the start (a lambda per band cost
    // 300 bytes per product before). The in-place kernel's three heap segments per call are
    // scalar-replaced only where C2 inlines the whole downcall into the method that makes them,
    // which some JVM runs do and others not (then about 670 bytes per product): it is held to a
    // bound per product that does not grow with the sizes, after a chance to compile.
    MatMulKernel throughTheForeignApi = PROVIDER.kernel().orElseThrow();
    boolean foreign = throughTheForeignApi.toString().equals(BundledOpenBlas.IN_PLACE_NAME)
        && kernel.kernel() == throughTheForeignApi;
    long bound = foreign ? 3000L * 1024 : 64 * 1024;
    long allocated = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 20 && allocated >= 64 * 1024; attempt++) {
      long before = allocatedOnAllThreads();
      for (int round = 0; round < 125; round++) { // 3,375 calls
        everyVariant.run();
      }
      allocated = allocatedOnAllThreads() - before;
    }
    assertThat(allocated).isLessThan(bound);
  }

  /** Bytes allocated so far by every live thread, the kernel's own included. */
  private static long allocatedOnAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes); // -1 for a thread that ended meanwhile
    }
    return total;
  }

  private static float[] random(int size, SplittableRandom rng) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }
}
