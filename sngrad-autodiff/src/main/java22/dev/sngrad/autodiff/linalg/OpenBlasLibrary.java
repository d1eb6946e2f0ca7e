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

/**
 * One OpenBLAS shared library, loaded through the Foreign Function and Memory API (JDK 22+), and
 * the two functions of it that sngrad calls: {@code cblas_sgemm} and {@code
 * openblas_set_num_threads}.
 *
 * <p>The downcall handles take the function's address as their first argument and are shared by
 * every library: held in static final fields, {@code invokeExact} on them compiles to a direct
 * call, and heap segments passed to it are not allocated. {@code cblas_sgemm} takes its arrays in
 * place ({@code Linker.Option.critical(true)}): a product runs for microseconds to milliseconds,
 * during which the calling thread holds off garbage collection; copying the operands off-heap
 * instead would add a pass over every operand and result to every product.
 */
final class OpenBlasLibrary implements InPlaceSgemm {
  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  private static final MethodHandle SGEMM = Linker.nativeLinker().downcallHandle(
      FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_FLOAT,
          ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT),
      Linker.Option.critical(true));
  private static final MethodHandle SET_THREADS = Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid(JAVA_INT));

  private final String name;
  private final MemorySegment sgemm;
  private final MemorySegment setThreads;

  private OpenBlasLibrary(String name, SymbolLookup lookup) {
    this.name = name;
    this.sgemm = symbol(lookup, name, "cblas_sgemm");
    this.setThreads = symbol(lookup, name, "openblas_set_num_threads");
  }

  /**
   * The first of {@code candidates} (library names or files, as {@code dlopen} takes them) that
   * loads.
   *
   * @throws IllegalStateException naming every candidate when none loads, or the function missing
   */
  static OpenBlasLibrary load(String... candidates) {
    IllegalArgumentException lastFailure = null;
    for (String candidate : candidates) {
      SymbolLookup lookup;
      try {
        lookup = SymbolLookup.libraryLookup(candidate, Arena.global());
      } catch (IllegalArgumentException e) {
        lastFailure = e;
        continue;
      }
      return new OpenBlasLibrary(candidate, lookup);
    }
    throw new IllegalStateException(
        "no OpenBLAS library found (tried " + String.join(", ", candidates) + "): " + lastFailure.getMessage());
  }

  private static MemorySegment symbol(SymbolLookup lookup, String library, String function) {
    return lookup.find(function).orElseThrow(() -> new IllegalStateException(library + " has no " + function));
  }

  /**
   * A {@link BandedOpenBlasMatMulKernel} on the library file {@code libraryFile}, already loaded
   * and single-threaded. Called by {@link ForeignKernels#inPlaceKernel} through reflection.
   *
   * @throws IllegalStateException when the library cannot be loaded or lacks a function
   */
  static MatMulKernel bandedKernel(String libraryFile, String name) {
    return NativeBands.inPlaceKernel(load(libraryFile), name);
  }

  /** The name or file this library was loaded by. */
  String name() {
    return name;
  }

  /**
   * {@code C = op(A) op(B)} by {@code cblas_sgemm}, row-major.
   *
   * <p>The heap segments are made here, next to the call, so that where this method is compiled
   * with the whole downcall inlined they never leave it and are not allocated (a convolution
   * issues a product per example and band); otherwise they cost about 200 bytes per call.
   */
  @Override
  public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, int offsetA, int lda,
      float[] b, int offsetB, int ldb, float[] c, int offsetC, int ldc) {
    try {
      SGEMM.invokeExact(sgemm, ROW_MAJOR, transposeA ? TRANS : NO_TRANS, transposeB ? TRANS : NO_TRANS, m, n, k, 1f,
          MemorySegment.ofArray(a).asSlice((long) offsetA * Float.BYTES), lda,
          MemorySegment.ofArray(b).asSlice((long) offsetB * Float.BYTES), ldb, 0f,
          MemorySegment.ofArray(c).asSlice((long) offsetC * Float.BYTES), ldc);
    } catch (Throwable t) {
      throw new IllegalStateException("cblas_sgemm failed", t);
    }
  }

  /** OpenBLAS's process-wide thread count. */
  void setThreads(int threads) {
    try {
      SET_THREADS.invokeExact(setThreads, threads);
    } catch (Throwable t) {
      throw new IllegalStateException("openblas_set_num_threads failed", t);
    }
  }
}
