package dev.sngrad.autodiff.linalg;

import static com.google.common.base.Preconditions.checkArgument;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The native OpenBLAS kernel, when this JVM can have it: a JDK 22 or newer (the Foreign Function
 * and Memory API), an sngrad build made by such a JDK (which compiles the kernel), and an OpenBLAS
 * shared library on the system (Debian and Ubuntu: {@code apt install libopenblas0-pthread}). The
 * JVM should run with {@code --enable-native-access=ALL-UNNAMED}, or it prints a warning on first
 * use. {@link #status} says which of these is missing.
 */
public final class NativeBlas {
  /** System property naming the OpenBLAS library file to load instead of the usual names. */
  public static final String LIBRARY_PROPERTY = "sngrad.openblas.library";

  private static final String KERNEL_CLASS = "dev.sngrad.autodiff.linalg.OpenBlasMatMulKernel";
  private static final ConcurrentMap<Integer, MatMulKernel> KERNELS = new ConcurrentHashMap<>();
  private static final String STATUS = probe();

  private NativeBlas() {}

  /** True when {@link #kernel} gives a kernel. */
  public static boolean available() {
    return STATUS.startsWith("available");
  }

  /** {@code "available: <library>"}, or why the native kernel cannot be used here. */
  public static String status() {
    return STATUS;
  }

  /**
   * The OpenBLAS kernel on {@code threads} threads (shared per count), or empty when {@link
   * #available} is false.
   */
  public static Optional<MatMulKernel> kernel(int threads) {
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    if (!available()) {
      return Optional.empty();
    }
    return Optional.of(KERNELS.computeIfAbsent(threads, t -> (MatMulKernel) call("open", t)));
  }

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
    return "available: " + call("library");
  }

  private static Object call(String method, Object... args) {
    try {
      Class<?> kernel = Class.forName(KERNEL_CLASS);
      Class<?>[] types = args.length == 0 ? new Class<?>[0] : new Class<?>[] {int.class};
      var m = kernel.getDeclaredMethod(method, types);
      m.setAccessible(true);
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("OpenBLAS kernel: " + e.getCause().getMessage(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("OpenBLAS kernel: " + e, e);
    }
  }
}
