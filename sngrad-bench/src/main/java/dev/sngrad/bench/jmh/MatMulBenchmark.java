package dev.sngrad.bench.jmh;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBlas;
import dev.sngrad.autodiff.linalg.WorkerThreads;
import dev.sngrad.bench.experiment.Backend;
import dev.sngrad.openblas.BundledOpenBlas;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One matrix product {@code C = op(A) op(B)} per backend at the shapes of one layer of the
 * 784-512-512-10 MLP ({@code -p layer=784x512,512x512,512x10}, inputs x outputs, default the
 * first) at batch {@code B}, in microseconds per product, copies the kernel makes included;
 * GFLOP/s = {@code 2 m n k / time}.
 *
 * <ul>
 *   <li>{@code product = NN}: forward, {@code [B, in] x [in, out]} (m = B, n = out, k = in);
 *   <li>{@code product = NT}: input cotangent {@code ct W^T}, {@code [B, out] x [in, out]^T} (m =
 *       B, n = in, k = out);
 *   <li>{@code product = TN}: weight gradient (and the sngrad sum of squares) {@code X^T ct},
 *       {@code [B, in]^T x [B, out]} (m = in, n = out, k = B).
 * </ul>
 *
 * <p>Backends ({@code kernel}, suffix N = threads): {@code scalar[N]} (blocked plain Java), {@code
 * vector[N]} (Vector API; {@code vector}, 1 thread, is the default), {@code openblasN} ({@code
 * NativeBlas.kernel}, what {@code --kernel openblas} runs), and the two native sources apart:
 * {@code bundledN} (sngrad-openblas's bundled OpenBLAS: with the arrays in place through the
 * Foreign Function and Memory API on JDK 22+, else pinned through dev.ludovic.netlib's JNI
 * binding), {@code bundledpinnedN} (the bundled OpenBLAS with the arrays pinned, on any JDK),
 * {@code bundledcopyN} (with copies through JavaCPP, on any JDK) and {@code
 * systemN} ({@code NativeBlas.systemKernel}: a system OpenBLAS through the Foreign Function and
 * Memory API, JDK 22+). The scalar one is the baseline. The fork runs with {@code --add-modules
 * jdk.incubator.vector --enable-native-access=ALL-UNNAMED}.
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

  @Param({"scalar", "vector", "vector2"})
  public String kernel;

  @Param({"NN", "NT", "TN"})
  public String product;

  @Param({"128", "256", "512", "1024"})
  public int batch;

  /** The layer of the MLP, {@code inputs x outputs}: 784x512, 512x512 or 512x10. */
  @Param({"784x512"})
  public String layer;

  private MatMulKernel matmul;
  private WorkerThreads workerThreads;
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
    workerThreads = WorkerThreads.start(threads(kernel));
    String[] sizes = layer.split("x");
    int inputs = Integer.parseInt(sizes[0]);
    int outputs = Integer.parseInt(sizes[1]);
    switch (product) {
      case "NN" -> shape(false, false, batch, outputs, inputs);
      case "NT" -> shape(false, true, batch, inputs, outputs);
      case "TN" -> shape(true, false, inputs, outputs, batch);
      default -> throw new IllegalArgumentException("product must be NN, NT or TN, got " + product);
    }
    SplittableRandom rng = new SplittableRandom(42);
    a = random(m * k, rng);
    b = random(k * n, rng);
    c = new float[m * n];
  }

  /**
   * {@code scalar}, {@code scalarN}, {@code vector}, {@code vectorN}, {@code openblasN}, {@code
   * bundledN}, {@code bundledpinnedN}, {@code bundledcopyN} or {@code systemN} (N threads): the
   * kernel of the name.
   */
  static MatMulKernel kernel(String name) {
    String kind = name.replaceAll("[0-9]+$", "");
    BundledOpenBlas bundled = new BundledOpenBlas();
    return switch (kind) {
      case "openblas" -> NativeBlas.kernel().orElseThrow(() -> new IllegalStateException(
          "kernel " + name + ": OpenBLAS is " + NativeBlas.status()));
      case "bundledpinned" -> bundled.pinnedKernel()
          .orElseThrow(() -> new IllegalStateException("kernel " + name + ": " + bundled.status()));
      case "bundledcopy" -> bundled.copyingKernel()
          .orElseThrow(() -> new IllegalStateException("kernel " + name + ": " + bundled.status()));
      case "bundled" -> bundled.kernel()
          .orElseThrow(() -> new IllegalStateException("kernel " + name + ": " + bundled.status()));
      case "system" -> NativeBlas.systemKernel().orElseThrow(() -> new IllegalStateException(
          "kernel " + name + ": system OpenBLAS is " + NativeBlas.systemStatus()));
      case "scalar" -> MatMulKernel.scalar();
      case "vector" -> MatMulKernel.vector();
      default -> throw new IllegalArgumentException("unknown kernel " + name);
    };
  }

  /**
   * The kernel of a step benchmark's {@code -p backend}: a {@link Backend} name ({@code java},
   * {@code openblas}, {@code auto}), or {@code bundledpinned} or {@code bundledcopy}, the bundled
   * OpenBLAS through one binding whichever the JDK would choose (to compare the bindings in steps).
   */
  static MatMulKernel ofBackend(String backend) {
    return switch (backend) {
      case "bundledpinned", "bundledcopy" -> kernel(backend);
      default -> Backend.parse(backend).kernel();
    };
  }

  /** The thread count that ends a kernel's name ({@link #kernel}), 1 where none does. */
  static int threads(String name) {
    String digits = name.replaceAll("^[a-z]+", "");
    return digits.isEmpty() ? 1 : Integer.parseInt(digits);
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

  /** Stops the worker threads of this trial. */
  @TearDown
  public void tearDown() {
    workerThreads.close();
  }

  @Benchmark
  public float[] multiply() {
    matmul.multiply(workerThreads, a, transposeA, b, transposeB, c, m, n, k);
    return c;
  }

  /** The same product of the elementwise squares: the fused sngrad step's {@code (A*A)^T (D*D)}. */
  @Benchmark
  public float[] multiplySquares() {
    matmul.multiplySquares(workerThreads, a, transposeA, b, transposeB, c, m, n, k);
    return c;
  }
}
