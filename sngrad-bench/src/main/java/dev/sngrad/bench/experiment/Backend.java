package dev.sngrad.bench.experiment;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeBlas;
import dev.sngrad.nn.spec.LayerSpec;
import dev.sngrad.nn.spec.ModelSpec;
import java.util.Locale;

/**
 * The matrix-product backend of a run's training steps and its evaluation. The two give results
 * that differ in the last bits, so a run's backend is part of what defines it ({@link
 * ExperimentConfig#key}).
 * {@link #parse(String, String)} of {@code auto}, the command line's default, picks the faster one
 * present for the run's network.
 */
public enum Backend {
  /** The pure-Java kernels ({@code MatMulKernel.parallel}): the same bits on every machine and thread count. */
  JAVA,
  /**
   * The native OpenBLAS kernel ({@code NativeBlas}): the OpenBLAS bundled by sngrad-openblas on any
   * JDK (linux-x86_64), else a system OpenBLAS on JDK 22+.
   */
  OPENBLAS;

  /** The kernel of this backend on {@code threads} threads. */
  public MatMulKernel kernel(int threads) {
    return switch (this) {
      case JAVA -> MatMulKernel.parallel(threads);
      case OPENBLAS -> NativeBlas.kernel(threads).orElseThrow(Backend::openBlasMissing);
    };
  }

  /**
   * {@code java}, {@code openblas}, or {@code auto} for a multilayer perceptron: OpenBLAS where
   * available, since it measured faster than the pure-Java kernels on JDK 17 and 25 at every
   * product of the MLP (docs/benchmarks.md), else Java. Asking for {@code openblas} where it is
   * missing is an error that says why. See {@link #parse(String, String)} for other models.
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

  /**
   * {@link #parse(String)} for a run of {@code model} (a {@link ModelSpec} text): {@code auto}
   * picks the pure-Java kernels for a network with a convolution. On {@code cnn-small} they
   * measured faster than the bundled OpenBLAS on JDK 17 and 25 (docs/benchmarks.md,
   * "Convolutional step"): a convolution is many products with a small inner dimension, where the
   * native kernel's copies into and out of native memory cost more than its speed gains.
   *
   * @param name {@code auto}, {@code java} or {@code openblas}
   * @param model the network the run trains, e.g. {@code mlp:512,512} or {@code cnn-small}
   * @return the backend
   * @throws IllegalArgumentException for an unknown name or model, or {@code openblas} where it is missing
   */
  public static Backend parse(String name, String model) {
    boolean convolutional = ModelSpec.parse(model).layers().stream().anyMatch(l -> l instanceof LayerSpec.Conv);
    return convolutional && name.strip().equalsIgnoreCase("auto") ? JAVA : parse(name);
  }

  private static IllegalArgumentException openBlasMissing() {
    return new IllegalArgumentException("kernel openblas is " + NativeBlas.status());
  }

  /**
   * What {@link #kernel} runs on {@code threads} threads, for a run's first output line and its
   * config.json, e.g. {@code "openblas-bundled(2 threads)"} or {@code "vector(2 threads)"}.
   */
  public String describe(int threads) {
    return kernel(threads).toString();
  }

  /** The name {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
