package dev.sngrad.bench.experiment;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBlas;
import java.util.Locale;

/**
 * The matrix-product backend of a run's training steps and its evaluation. The two give results
 * that differ in the last bits, so a run's backend is part of what defines it ({@link
 * ExperimentConfig#key}).
 * {@link #parse} of {@code auto}, the command line's default, picks the faster one present.
 */
public enum Backend {
  /** The pure-Java kernels ({@code MatMulKernel.defaultKernel}): the same bits on every machine and thread count. */
  JAVA,
  /**
   * The native OpenBLAS kernel ({@code NativeBlas}): the OpenBLAS bundled by sngrad-openblas on any
   * JDK (linux-x86_64), else a system OpenBLAS on JDK 22+.
   */
  OPENBLAS;

  /** The variable that names OpenBLAS's processor kernels instead of OpenBLAS's own choice. */
  static final String CORE_VARIABLE = "OPENBLAS_CORETYPE";

  /** The kernel of this backend. */
  public MatMulKernel kernel() {
    return switch (this) {
      case JAVA -> MatMulKernel.defaultKernel();
      case OPENBLAS -> NativeBlas.kernel().orElseThrow(Backend::openBlasMissing);
    };
  }

  /**
   * {@code java}, {@code openblas}, or {@code auto}: OpenBLAS where available, since it measured
   * faster than the pure-Java kernels on JDK 17 and 25 at every product of the MLP
   * (docs/benchmarks.md), else Java. Asking for {@code openblas} where it is missing is an error
   * that says why.
   */
  public static Backend parse(String name) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> NativeBlas.available() ? OPENBLAS : JAVA;
      case "java" -> JAVA;
      case "openblas" -> {
        if (!NativeBlas.available()) {
          throw openBlasMissing();
        }
        yield OPENBLAS;
      }
      default -> throw new IllegalArgumentException("unknown kernel '" + name + "'; choose auto, java or openblas");
    };
  }

  private static IllegalArgumentException openBlasMissing() {
    return new IllegalArgumentException("kernel openblas is " + NativeBlas.status());
  }

  /**
   * What {@link #kernel} runs on {@code threads} threads, for a run's first output line and its
   * config.json, e.g. {@code "openblas-bundled(2 threads)"} or {@code "vector(2 threads)"}; for
   * OpenBLAS also which processor kernels the environment chose, if it did ({@link #coreNote}).
   */
  public String describe(int threads) {
    String kernel = kernel() + "(" + threads + (threads == 1 ? " thread)" : " threads)");
    return this == OPENBLAS ? kernel + coreNote(System.getenv(CORE_VARIABLE)) : kernel;
  }

  /**
   * {@code ", processor kernels VALUE (OPENBLAS_CORETYPE)"} when {@value #CORE_VARIABLE} holds
   * {@code value}, else empty: OpenBLAS then runs those kernels, whatever the processor (slower
   * ones than its own choice, where a machine names older ones, and other bits).
   */
  static String coreNote(String value) {
    return value == null || value.isBlank() ? "" : ", processor kernels " + value.strip() + " (" + CORE_VARIABLE + ")";
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
