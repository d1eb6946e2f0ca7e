package dev.sngrad.openblas;

import static com.google.common.base.Preconditions.checkArgument;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.NativeKernelProvider;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * The OpenBLAS that ships inside the JavaCPP presets ({@code org.bytedeco:openblas} with its
 * {@code linux-x86_64} binaries), as a {@link NativeKernelProvider}: a native kernel on every
 * supported JDK (17 and newer) with nothing installed on the system.
 *
 * <p>On first use JavaCPP copies the libraries (OpenBLAS and its Fortran runtime, about 40 MB) out
 * of the jar into its cache, {@code ~/.javacpp/cache} (system property {@code
 * org.bytedeco.javacpp.cachedir}), in a folder named after the jar file (the {@code sngrad}
 * launcher, which runs a copy of the jar per process, sets {@code
 * org.bytedeco.javacpp.cachedir.nosubdir=true} so that every run shares one copy), and loads them
 * from there; later processes find them extracted, unless the jar's copy changed. Only the {@code
 * nolapack} binding is loaded: sngrad needs {@code cblas_sgemm} and the thread count, not LAPACK.
 *
 * <p>Found by {@code NativeBlas} through {@link java.util.ServiceLoader}.
 */
public final class BundledOpenBlas implements NativeKernelProvider {
  private static final ConcurrentMap<Integer, MatMulKernel> KERNELS = new ConcurrentHashMap<>();

  /** Public for {@link java.util.ServiceLoader}; every instance shares one library and its kernels. */
  public BundledOpenBlas() {}

  @Override
  public String status() {
    return Library.STATUS;
  }

  @Override
  public Optional<MatMulKernel> kernel(int threads) {
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    if (!Library.STATUS.startsWith("available")) {
      return Optional.empty();
    }
    return Optional.of(KERNELS.computeIfAbsent(threads, BundledOpenBlasMatMulKernel::new));
  }

  /** Loads the library when first asked for its status (the JVM runs this once, thread-safely). */
  private static final class Library {
    static final String STATUS = load();

    private static String load() {
      String platform = Loader.getPlatform();
      try {
        String file = Loader.load(openblas_nolapack.class);
        // the kernels split products over their own Java threads (BundledOpenBlasMatMulKernel)
        openblas_nolapack.blas_set_num_threads(1);
        return String.format("available: bundled OpenBLAS %s (org.bytedeco:openblas, %s, JNI) from %s",
            Loader.getVersion("org.bytedeco", "openblas"), platform, file);
      } catch (UnsatisfiedLinkError | RuntimeException | IOException e) {
        // e.g. a platform whose binaries this build does not ship (only linux-x86_64 is a dependency)
        return "unavailable: no bundled OpenBLAS for " + platform + ": " + e;
      }
    }
  }
}
