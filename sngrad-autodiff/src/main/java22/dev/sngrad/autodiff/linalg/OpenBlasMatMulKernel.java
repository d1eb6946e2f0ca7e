package dev.sngrad.autodiff.linalg;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Matrix products by a native OpenBLAS {@code cblas_sgemm}, called through the Foreign Function
 * and Memory API of JDK 22+ (this class is compiled only by a JDK 22 or newer; {@link NativeBlas}
 * loads it reflectively). The arrays are passed in place ({@code Linker.Option.critical} with heap
 * access), so no call copies its operands.
 *
 * <p>OpenBLAS keeps one process-wide thread count; every call sets it to this kernel's count (when
 * another kernel changed it) under one lock, so kernels with different counts can be mixed. A
 * product's results depend on OpenBLAS's blocking, which may change with the thread count and the
 * OpenBLAS build: they are reproducible for one library and thread count, not bit-identical to
 * the pure-Java kernels.
 */
final class OpenBlasMatMulKernel implements MatMulKernel {
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;
  private static final Object LOCK = new Object();

  private static final MethodHandle SGEMM;
  private static final MethodHandle SET_THREADS;
  private static final String LIBRARY;

  /** The OpenBLAS thread count last set by any kernel; guarded by {@link #LOCK}. */
  private static int threadsSet = -1;

  static {
    Linker linker = Linker.nativeLinker();
    SymbolLookup lookup = null;
    String found = null;
    String configured = System.getProperty(NativeBlas.LIBRARY_PROPERTY);
    String[] candidates = configured != null
        ? new String[] {configured}
        : new String[] {"libopenblas.so.0", "libopenblas.so", "libopenblas.dylib", "openblas"};
    IllegalArgumentException lastFailure = null;
    for (String name : candidates) {
      try {
        lookup = SymbolLookup.libraryLookup(name, Arena.global());
        found = name;
        break;
      } catch (IllegalArgumentException e) {
        lastFailure = e;
      }
    }
    if (lookup == null) {
      throw new IllegalStateException(
          "no OpenBLAS library found (tried " + String.join(", ", candidates) + "): " + lastFailure.getMessage());
    }
    LIBRARY = found;
    SGEMM = linker.downcallHandle(symbol(lookup, found, "cblas_sgemm"),
        FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT,
            ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT),
        // Heap arrays in place: a product runs for microseconds to milliseconds, during which this
        // thread holds off garbage collection; copying the operands off-heap instead would add a
        // pass over every operand and result to every product.
        Linker.Option.critical(true));
    SET_THREADS = linker.downcallHandle(symbol(lookup, found, "openblas_set_num_threads"), FunctionDescriptor.ofVoid(JAVA_INT));
  }

  private static MemorySegment symbol(SymbolLookup lookup, String library, String name) {
    return lookup.find(name).orElseThrow(() -> new IllegalStateException(library + " has no " + name));
  }

  private final int threads;
  private final KernelThreads javaThreads;

  /** Scratch for {@link #multiplySquares}; guarded by {@link #LOCK}. */
  private float[] squaresOfA = new float[0];

  /** Scratch for {@link #multiplySquares}; guarded by {@link #LOCK}. */
  private float[] squaresOfB = new float[0];

  private OpenBlasMatMulKernel(int threads) {
    this.threads = threads;
    this.javaThreads = new KernelThreads(threads);
  }

  /** Called by {@link NativeBlas} through reflection; throws when OpenBLAS cannot be loaded. */
  static MatMulKernel open(int threads) {
    return new OpenBlasMatMulKernel(threads);
  }

  static String library() {
    return LIBRARY;
  }

  /** Elementwise passes run on this kernel's own Java threads, as with the pure-Java kernels. */
  @Override
  public void forEachChunk(int chunks, IntConsumer chunk) {
    javaThreads.forEachChunk(chunks, chunk);
  }

  @Override
  public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    if (checkedNonEmpty(a, b, c, m, n, k)) {
      synchronized (LOCK) {
        gemm(a, transposeA, b, transposeB, c, m, n, k);
      }
    }
  }

  /**
   * Squares into two scratch arrays that this kernel keeps (grown on demand, used under the lock)
   * rather than into fresh copies: at the MLP's sizes those copies were megabytes of allocation per
   * training step.
   */
  @Override
  public void multiplySquares(
      float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    if (checkedNonEmpty(a, b, c, m, n, k)) {
      synchronized (LOCK) {
        squaresOfA = KernelArguments.squares(a, m * k, squaresOfA);
        squaresOfB = KernelArguments.squares(b, k * n, squaresOfB);
        gemm(squaresOfA, transposeA, squaresOfB, transposeB, c, m, n, k);
      }
    }
  }

  /** Checks the arguments; false when there is nothing left to compute ({@code C} is then set). */
  private static boolean checkedNonEmpty(float[] a, float[] b, float[] c, int m, int n, int k) {
    // Native code does not check bounds: a short array must fail here, not crash the JVM.
    KernelArguments.check(a, b, c, m, n, k);
    if (m == 0 || n == 0) {
      return false;
    }
    if (k == 0) {
      Arrays.fill(c, 0, m * n, 0f);
      return false;
    }
    return true;
  }

  /** {@code cblas_sgemm} on this kernel's thread count; the caller holds {@link #LOCK}. */
  private void gemm(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    try {
      if (threadsSet != threads) {
        SET_THREADS.invokeExact(threads);
        threadsSet = threads;
      }
      SGEMM.invokeExact(ROW_MAJOR, transposeA ? TRANS : NO_TRANS, transposeB ? TRANS : NO_TRANS, m, n, k, 1f,
          MemorySegment.ofArray(a), transposeA ? m : k, MemorySegment.ofArray(b), transposeB ? k : n, 0f,
          MemorySegment.ofArray(c), n);
    } catch (Throwable t) {
      throw new IllegalStateException("cblas_sgemm failed", t);
    }
  }

  @Override
  public String toString() {
    return "openblas(" + threads + " threads)";
  }
}
