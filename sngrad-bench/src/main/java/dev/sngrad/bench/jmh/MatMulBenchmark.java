package dev.sngrad.bench.jmh;

import dev.sngrad.autodiff.linalg.CpuFeatures;
import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBlas;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One matrix product {@code C = op(A) op(B)} per backend at the shapes of the first layer of the
 * 784-512-512-10 MLP at batch {@code B}, in microseconds per product; GFLOP/s = {@code 2 m n k /
 * time}.
 *
 * <ul>
 *   <li>{@code product = NN}: forward, {@code [B, 784] x [784, 512]} (m = B, n = 512, k = 784);
 *   <li>{@code product = NT}: input cotangent {@code ct W^T}, {@code [B, 512] x [512, 784]^T} (m =
 *       B, n = 784, k = 512);
 *   <li>{@code product = TN}: weight gradient (and the sngrad sum of squares) {@code X^T ct},
 *       {@code [B, 784]^T x [B, 512]} (m = 784, n = 512, k = B).
 * </ul>
 *
 * <p>Backends ({@code kernel}): {@code scalar} (blocked plain Java, 1 thread), {@code vector}
 * (Vector API, 1 thread, the default), {@code vector2} ({@code MatMulKernel.parallel(2)}); the
 * scalar one is the baseline. {@code openblas1} and {@code openblas2} ({@code NativeBlas.kernel},
 * JDK 22+ and a system OpenBLAS) are the native path, measured side by side with {@code -p
 * kernel=vector2,openblas2}. The fork runs with {@code --add-modules jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xms1g", "-Xmx1g"})
public class MatMulBenchmark {
  private static final int INPUTS = 784;
  private static final int HIDDEN = 512;

  @Param({"scalar", "vector", "vector2"})
  public String kernel;

  @Param({"NN", "NT", "TN"})
  public String product;

  @Param({"128", "256", "512", "1024"})
  public int batch;

  private MatMulKernel matmul;
  private float[] a;
  private float[] b;
  private float[] c;
  private boolean transposeA;
  private boolean transposeB;
  private int m;
  private int n;
  private int k;

  /** Builds the kernel and seeded operands; {@code C} is allocated once and overwritten. */
  @Setup
  public void setUp() {
    matmul = kernel(kernel);
    switch (product) {
      case "NN" -> shape(false, false, batch, HIDDEN, INPUTS);
      case "NT" -> shape(false, true, batch, INPUTS, HIDDEN);
      case "TN" -> shape(true, false, INPUTS, HIDDEN, batch);
      default -> throw new IllegalArgumentException("product must be NN, NT or TN, got " + product);
    }
    SplittableRandom rng = new SplittableRandom(42);
    a = random(m * k, rng);
    b = random(k * n, rng);
    c = new float[m * n];
  }

  /** {@code scalar}, {@code scalarN}, {@code vector}, {@code vectorN} or {@code openblasN} (N threads). */
  static MatMulKernel kernel(String name) {
    if (name.startsWith("openblas")) {
      int threads = Integer.parseInt(name.substring("openblas".length()));
      return NativeBlas.kernel(threads).orElseThrow(() -> new IllegalStateException(
          "kernel " + name + ": OpenBLAS is " + NativeBlas.status()));
    }
    if (name.equals("scalar")) {
      return MatMulKernel.scalar(1);
    }
    if (name.startsWith("scalar")) {
      return MatMulKernel.scalar(Integer.parseInt(name.substring("scalar".length())));
    }
    if (!CpuFeatures.vectorApi()) {
      throw new IllegalStateException("kernel " + name + " needs --add-modules jdk.incubator.vector");
    }
    if (name.equals("vector")) {
      return MatMulKernel.parallel(1);
    }
    if (name.startsWith("vector")) {
      return MatMulKernel.parallel(Integer.parseInt(name.substring("vector".length())));
    }
    throw new IllegalArgumentException("unknown kernel " + name);
  }

  private void shape(boolean ta, boolean tb, int rows, int cols, int depth) {
    transposeA = ta;
    transposeB = tb;
    m = rows;
    n = cols;
    k = depth;
  }

  private static float[] random(int size, SplittableRandom rng) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) rng.nextDouble(-1, 1);
    }
    return x;
  }

  @Benchmark
  public float[] multiply() {
    matmul.multiply(a, transposeA, b, transposeB, c, m, n, k);
    return c;
  }

  /** The same product of the elementwise squares: the fused sngrad step's {@code (A*A)^T (D*D)}. */
  @Benchmark
  public float[] multiplySquares() {
    matmul.multiplySquares(a, transposeA, b, transposeB, c, m, n, k);
    return c;
  }
}
