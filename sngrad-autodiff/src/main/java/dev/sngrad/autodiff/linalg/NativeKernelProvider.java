package dev.sngrad.autodiff.linalg;

import java.util.Optional;

/**
 * A native matrix kernel supplied by another module on the class path, found by {@link
 * java.util.ServiceLoader} (file {@code META-INF/services/dev.sngrad.autodiff.linalg.NativeKernelProvider}):
 * sngrad-openblas provides the OpenBLAS that ships inside its Maven dependencies, so that this
 * module needs no native library to build or to run. {@link NativeBlas} asks the providers first.
 *
 * <p>Implementations have a public no-argument constructor, load their library at most once (on
 * the first call of either method), and never throw from these methods: a library that cannot be
 * loaded is reported by {@link #status}.
 */
public interface NativeKernelProvider {
  /**
   * Whether this provider's library can be used.
   *
   * @return {@code "available: <library and how it is called>"}, or {@code "unavailable: <why>"}
   */
  String status();

  /**
   * The kernel, one shared by every caller; empty where {@link #status} is unavailable. It spreads
   * each product over the {@link WorkerThreads} of the call.
   *
   * @return the kernel, or empty when the library cannot be used
   */
  Optional<MatMulKernel> kernel();
}
