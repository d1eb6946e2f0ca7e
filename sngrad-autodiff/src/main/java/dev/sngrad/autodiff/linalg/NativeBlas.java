package dev.sngrad.autodiff.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The native OpenBLAS kernel, when this JVM can have it, from the first of two sources that works:
 *
 * <ol>
 *   <li>a {@link NativeKernelProvider} on the class path, such as sngrad-openblas, whose OpenBLAS
 *       ships inside its Maven dependencies and runs on every supported JDK, with the arrays in
 *       place (on JDK 22+ through {@link ForeignKernels#inPlaceKernel}, on older JDKs pinned by
 *       JNI, both as {@link NativeBands#inPlaceKernel});
 *   <li>a system OpenBLAS called through the Foreign Function and Memory API: a JDK 22 or newer, an
 *       sngrad build made by such a JDK (which compiles that kernel), and an OpenBLAS shared
 *       library on the system (Debian and Ubuntu: {@code apt install libopenblas0-pthread}).
 * </ol>
 *
 * <p>The JVM should run with {@code --enable-native-access=ALL-UNNAMED}, or JDK 22+ prints a
 * warning on first use. {@link #status} says which source is used, or why none is.
 */
public final class NativeBlas {
  /** System property naming the OpenBLAS library file to load instead of the usual names. */
  public static final String LIBRARY_PROPERTY = "sngrad.openblas.library";

  private static final String KERNEL_CLASS = "dev.sngrad.autodiff.linalg.OpenBlasMatMulKernel";
  /** The first available provider on the class path, if any. */
  private static final Optional<NativeKernelProvider> PROVIDER;
  private static final String STATUS;

  static {
    List<String> unavailable = new ArrayList<>();
    NativeKernelProvider chosen = null;
    for (NativeKernelProvider provider : ServiceLoader.load(NativeKernelProvider.class)) {
      String status = provider.status();
      if (status.startsWith("available")) {
        chosen = provider;
        break;
      }
      unavailable.add(status);
    }
    PROVIDER = Optional.ofNullable(chosen);
    STATUS = chosen != null ? chosen.status() : systemStatus(unavailable);
  }

  private NativeBlas() {}

  /**
   * True when {@link #kernel} gives a kernel.
   *
   * @return whether a provider or the system OpenBLAS is available
   */
  public static boolean available() {
    return STATUS.startsWith("available");
  }

  /**
   * {@code "available: <library>"} (the provider's own status, or the system library's file name),
   * or why the native kernel cannot be used here (every source's reason, separated by {@code "; "}).
   *
   * @return the status line, starting with {@code available} when {@link #available()}
   */
  public static String status() {
    return STATUS;
  }

  /**
   * The OpenBLAS kernel (one, shared), or empty when {@link #available} is false.
   *
   * @return the kernel, from the provider when there is one, else from the system library
   */
  public static Optional<MatMulKernel> kernel() {
    if (!available()) {
      return Optional.empty();
    }
    return PROVIDER.isPresent() ? PROVIDER.get().kernel() : systemKernel();
  }

  /**
   * The kernel of the second source alone, the system OpenBLAS through the Foreign Function and
   * Memory API (one, shared), whether or not a provider is present; empty where {@link
   * #systemStatus()} is unavailable. For comparing the two sources.
   *
   * @return the system library's kernel, or empty
   */
  public static Optional<MatMulKernel> systemKernel() {
    if (!systemStatus().startsWith("available")) {
      return Optional.empty();
    }
    return Optional.of(SystemLibrary.KERNEL);
  }

  /**
   * The status of the system OpenBLAS alone, probed on the first call.
   *
   * @return {@code "available: <library file>"}, or why it cannot be used
   */
  public static String systemStatus() {
    return SystemLibrary.STATUS;
  }

  /** Probes the system library on first use only: where a provider is chosen, it is never loaded. */
  private static final class SystemLibrary {
    static final String STATUS = probe();
    static final MatMulKernel KERNEL = STATUS.startsWith("available")
        ? (MatMulKernel) ForeignKernels.call(KERNEL_CLASS, "open")
        : null;
  }

  /** The system library's status, or, where it is unavailable too, every source's reason. */
  private static String systemStatus(List<String> providersUnavailable) {
    String system = systemStatus();
    if (system.startsWith("available") || providersUnavailable.isEmpty()) {
      return system;
    }
    List<String> reasons = new ArrayList<>(providersUnavailable);
    reasons.add(system);
    return "unavailable: " + reasons.stream().map(r -> r.replaceFirst("^unavailable: ", "")).collect(Collectors.joining("; "));
  }

  /** The system library through the Foreign Function and Memory API, or why not. */
  private static String probe() {
    if (Runtime.version().feature() < 22) {
      return "unavailable: needs JDK 22 or newer, this is " + Runtime.version();
    }
    try {
      Class.forName(KERNEL_CLASS);
    } catch (ClassNotFoundException e) {
      return "unavailable: this build of sngrad was compiled by a JDK older than 22";
    } catch (ExceptionInInitializerError e) {
      return "unavailable: " + e.getCause().getMessage();
    }
    return "available: " + ForeignKernels.call(KERNEL_CLASS, "library");
  }
}
