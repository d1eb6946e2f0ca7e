package dev.sngrad.autodiff.linalg;

import static dev.sngrad.autodiff.linalg.KernelOnThreads.on;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kernel against EJML's {@code CommonOps_FDRM}, the reference, for every transposition and odd sizes. */
class MatMulKernelTest {
  /** The pure-Java kernels, and the native OpenBLAS ones where this JVM has them (NativeBlasTest says when). */
  private static final KernelOnThreads[] KERNELS = java.util.stream.Stream.concat(
      java.util.stream.Stream.of(on(MatMulKernel.defaultKernel(), 1), on(MatMulKernel.defaultKernel(), 2),
          on(MatMulKernel.defaultKernel(), 3), on(MatMulKernel.scalar(), 1), on(MatMulKernel.scalar(), 2)),
      java.util.stream.Stream.of(1, 2).flatMap(t -> NativeBlas.kernel().stream().map(k -> on(k, t))))
      .toArray(KernelOnThreads[]::new);

  @org.junit.jupiter.api.Test
  void theTestsRunWithTheVectorApi() {
    // surefire starts the JVM with --add-modules jdk.incubator.vector, so both kernels are covered
    assertThat(CpuFeatures.vectorModule()).isTrue();
    assertThat(MatMulKernel.defaultKernel().toString()).isEqualTo("vector");
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1,1,1", "5,1,9", "17,13,31", "2,129,65", "130,70,300", "784,512,128", "128,10,512", "21,10,2000"})
  void theScalarAndVectorKernelsGiveTheSameBits(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 7L + n * 3L + k);
    KernelOnThreads vector = on(new VectorMatMulKernel(), 2);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = random(m, k, rng).data;
        float[] b = random(k, n, rng).data;
        float[] expected = new float[m * n];
        float[] c = new float[m * n];
        vector.multiply(a, ta, b, tb, expected, m, n, k);
        on(MatMulKernel.scalar(), 2).multiply(a, ta, b, tb, c, m, n, k);
        assertThat(c).as("multiply transA=%s transB=%s", ta, tb).isEqualTo(expected);
        vector.multiplySquares(a, ta, b, tb, expected, m, n, k);
        on(MatMulKernel.scalar(), 1).multiplySquares(a, ta, b, tb, c, m, n, k);
        assertThat(c).as("multiplySquares transA=%s transB=%s", ta, tb).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1,1,1", "17,13,31", "130,70,300", "784,512,128", "512,10,300", "21,10,2000", "13,2000,70"})
  void multiplyAndSquaresGivesTheBitsOfTheTwoSeparateProducts(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 5L + n * 11L + k);
    KernelOnThreads[] kernels = {
      on(new VectorMatMulKernel(), 1), on(new VectorMatMulKernel(), 2), on(new VectorMatMulKernel(), 3), on(MatMulKernel.scalar(), 2)
    };
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = random(m, k, rng).data;
        float[] b = random(k, n, rng).data;
        // reference: the scalar kernel's two separate products, on one thread
        float[] sum = new float[m * n];
        float[] sumOfSquares = new float[m * n];
        on(MatMulKernel.scalar(), 1).multiply(a, ta, b, tb, sum, m, n, k);
        on(MatMulKernel.scalar(), 1).multiplySquares(a, ta, b, tb, sumOfSquares, m, n, k);
        for (KernelOnThreads kernel : kernels) {
          float[] c = new float[m * n];
          float[] cOfSquares = new float[m * n];
          kernel.multiplyAndSquares(a, ta, b, tb, c, cOfSquares, m, n, k);
          assertThat(c).as("%s product transA=%s transB=%s", kernel, ta, tb).isEqualTo(sum);
          assertThat(cOfSquares).as("%s squares transA=%s transB=%s", kernel, ta, tb).isEqualTo(sumOfSquares);
        }
      }
    }
  }

  private static FMatrixRMaj random(int rows, int cols, SplittableRandom rng) {
    FMatrixRMaj m = new FMatrixRMaj(rows, cols);
    for (int i = 0; i < m.data.length; i++) {
      m.data[i] = (float) rng.nextDouble(-1, 1);
    }
    return m;
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1,1,1", "1,7,3", "5,1,9", "3,4,5", "17,13,31", "64,33,100", "2,129,65", "9,600,130", "130,70,300"})
  void matchesEjmlForAllTranspositions(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 1000L + n * 10L + k);
    for (KernelOnThreads kernel : KERNELS) {
      check(kernel, m, n, k, rng);
    }
  }

  private static void check(KernelOnThreads kernel, int m, int n, int k, SplittableRandom rng) {
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        FMatrixRMaj a = ta ? random(k, m, rng) : random(m, k, rng);
        FMatrixRMaj b = tb ? random(n, k, rng) : random(k, n, rng);
        FMatrixRMaj expected = new FMatrixRMaj(m, n);
        if (ta && tb) {
          CommonOps_FDRM.multTransAB(a, b, expected);
        } else if (ta) {
          CommonOps_FDRM.multTransA(a, b, expected);
        } else if (tb) {
          CommonOps_FDRM.multTransB(a, b, expected);
        } else {
          CommonOps_FDRM.mult(a, b, expected);
        }
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN); // the kernel must overwrite, not accumulate
        kernel.multiply(a.data, ta, b.data, tb, c, m, n, k);
        for (int i = 0; i < c.length; i++) {
          assertThat(c[i]).as("%s transA=%s transB=%s element %s", kernel, ta, tb, i)
              .isCloseTo(expected.data[i], org.assertj.core.data.Offset.offset(1e-5f * k));
        }
      }
    }
  }

  /** Sizes that cross the vector kernel's depth (256), row (96) and column (1024) blocks. */
  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"97,17,257", "200,1100,600", "7,1030,513", "1100,20,40"})
  void matchesEjmlAcrossPackingBlocks(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 1000L + n * 10L + k);
    for (KernelOnThreads kernel : KERNELS) {
      check(kernel, m, n, k, rng);
    }
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"1,1,1", "5,1,9", "17,13,31", "130,70,300", "200,40,600"})
  void multiplySquaresEqualsMultiplyOnSquaredCopiesExactly(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m * 7L + n * 3L + k);
    for (KernelOnThreads kernel : KERNELS) {
      for (boolean ta : new boolean[] {false, true}) {
        for (boolean tb : new boolean[] {false, true}) {
          float[] a = random(m, k, rng).data;
          float[] b = random(k, n, rng).data;
          float[] aBefore = a.clone();
          float[] bBefore = b.clone();
          float[] expected = new float[m * n];
          kernel.multiply(squared(a), ta, squared(b), tb, expected, m, n, k);
          float[] c = new float[m * n];
          java.util.Arrays.fill(c, Float.NaN);
          kernel.multiplySquares(a, ta, b, tb, c, m, n, k);
          assertThat(c).as("%s transA=%s transB=%s", kernel, ta, tb).isEqualTo(expected);
          assertThat(a).as("a is not modified").isEqualTo(aBefore);
          assertThat(b).as("b is not modified").isEqualTo(bBefore);
        }
      }
    }
  }

  private static float[] squared(float[] x) {
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * x[i];
    }
    return y;
  }

  @org.junit.jupiter.api.Test
  void shortArraysAndNegativeSizesAreRefusedNamingTheSizes() {
    for (KernelOnThreads kernel : KERNELS) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> kernel.multiply(new float[5], false, new float[6], false, new float[4], 2, 2, 3))
          .as("%s", kernel).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("matmul kernel: a has 5 values, needs 2 x 3");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> kernel.multiply(new float[0], false, new float[0], false, new float[0], -1, 2, 3))
          .as("%s", kernel).hasMessage("matmul kernel: negative size -1 x 2 x 3");
    }
  }

  @org.junit.jupiter.api.Test
  void emptyDepthGivesZeros() {
    for (KernelOnThreads kernel : KERNELS) {
      float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN, Float.NaN};
      kernel.multiply(new float[0], false, new float[0], false, c, 2, 3, 0);
      assertThat(c).as("%s", kernel).containsOnly(0f);
    }
  }

  @org.junit.jupiter.api.Test
  void kernelsAreSharedAndHoldNoThreads() {
    assertThat(MatMulKernel.defaultKernel()).isSameAs(MatMulKernel.defaultKernel());
    assertThat(MatMulKernel.scalar()).isSameAs(MatMulKernel.scalar());
    assertThat(MatMulKernel.defaultKernel()).as("the Vector API kernel where preferred").isSameAs(MatMulKernel.vector());
    assertThat(MatMulKernel.fastest())
        .as("the native kernel where available, else the pure-Java one")
        .isSameAs(NativeBlas.kernel().orElse(MatMulKernel.defaultKernel()));
  }

  @ParameterizedTest(name = "m={0} n={1} k={2}")
  @CsvSource({"130,70,300", "784,512,256", "512,10,300", "300,800,40", "13,2000,70"})
  void resultsAreBitIdenticalForEveryThreadCountAndTransposition(int m, int n, int k) {
    SplittableRandom rng = new SplittableRandom(m + n + k);
    for (boolean ta : new boolean[] {false, true}) {
      for (boolean tb : new boolean[] {false, true}) {
        float[] a = random(m, k, rng).data;
        float[] b = random(k, n, rng).data;
        float[] single = new float[m * n];
        on(MatMulKernel.defaultKernel(), 1).multiply(a, ta, b, tb, single, m, n, k);
        for (KernelOnThreads kernel : new KernelOnThreads[] {on(MatMulKernel.defaultKernel(), 2), on(MatMulKernel.defaultKernel(), 3)}) {
          float[] c = new float[m * n];
          kernel.multiply(a, ta, b, tb, c, m, n, k);
          assertThat(c).as("%s transA=%s transB=%s", kernel, ta, tb).isEqualTo(single);
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void resultsAreBitIdenticalForEveryThreadCount() {
    SplittableRandom rng = new SplittableRandom(9);
    int m = 130, n = 70, k = 300;
    FMatrixRMaj a = random(m, k, rng);
    FMatrixRMaj b = random(k, n, rng);
    float[] single = new float[m * n];
    on(MatMulKernel.defaultKernel(), 1).multiply(a.data, false, b.data, false, single, m, n, k);
    for (KernelOnThreads kernel : new KernelOnThreads[] {on(MatMulKernel.defaultKernel(), 2), on(MatMulKernel.defaultKernel(), 3)}) {
      float[] c = new float[m * n];
      kernel.multiply(a.data, false, b.data, false, c, m, n, k);
      assertThat(c).as("%s", kernel).isEqualTo(single);
    }
  }

  @org.junit.jupiter.api.Test
  void theScalarKernelSplitsProductsWithoutAllocatingOnceItsScratchHasGrown() {
    // a convolution issues a product per example: a task or a transposed or squared copy per
    // product grew a training step's allocation with the batch
    KernelOnThreads kernel = on(MatMulKernel.scalar(), 2);
    SplittableRandom rng = new SplittableRandom(4);
    float[] a = random(64, 256, rng).data;
    float[] b = random(256, 512, rng).data;
    float[] c = new float[64 * 512];
    int[][] shapes = {{64, 64, 64}, {2, 512, 256}}; // m, n, k: split into bands of rows, and of columns
    for (int[] s : shapes) {
      assertThat((long) s[0] * s[1] * s[2]).as("multiply-adds").isGreaterThanOrEqualTo(WorkerThreads.PARALLEL_THRESHOLD);
    }
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
      }
    };
    everyVariant.run();
    long before = allocatedOnAllThreads();
    for (int round = 0; round < 125; round++) {
      everyVariant.run();
    }
    // 2,000 products; one copy of an operand alone is 16 KB
    assertThat(allocatedOnAllThreads() - before).isLessThan(64 * 1024);
  }

  /** Bytes allocated so far by every live thread, the kernels' own included. */
  static long allocatedOnAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes); // -1 for a thread that ended meanwhile
    }
    return total;
  }
}
