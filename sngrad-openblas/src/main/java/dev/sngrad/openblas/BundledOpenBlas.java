package dev.sngrad.openblas;

import dev.sngrad.autodiff.linalg.MatMulKernel;
import dev.sngrad.autodiff.linalg.ForeignKernels;
import dev.sngrad.autodiff.linalg.NativeBands;
import dev.sngrad.autodiff.linalg.NativeKernelProvider;
import java.io.File;
import java.io.IOException;
import java.util.Optional;
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
 * <p>Three kernels call it, each splitting a product into bands on Java threads as {@link
 * dev.sngrad.autodiff.linalg.NativeBands} says, with OpenBLAS single-threaded, so they give the
 * same bits. {@link #kernel} gives the first that works, {@link #status} says which: on JDK 22
 * and newer (with an sngrad build compiled by one), {@code openblas-bundled-inplace}, which calls the
 * library file JavaCPP loaded through the Foreign Function and Memory API with the arrays in place
 * ({@link ForeignKernels#inPlaceKernel}); else {@code openblas-bundled-pinned}, which calls it through the
 * JNI binding of {@code dev.ludovic.netlib:blas} with the arrays pinned in place, in JNI critical
 * regions; else {@code openblas-bundled}, which copies the operands into native memory and
 * calls JavaCPP's JNI binding.
 *
 * <p>Found by {@code NativeBlas} through {@link java.util.ServiceLoader}.
 */
public final class BundledOpenBlas implements NativeKernelProvider {
  /** The environment variable that names OpenBLAS's processor kernels instead of its own choice. */
  static final String CORE_VARIABLE = "OPENBLAS_CORETYPE";

  /** What the in-place kernel's {@code toString} says. */
  static final String IN_PLACE_NAME = "openblas-bundled-inplace";

  /** What the pinning kernel's {@code toString} says. */
  static final String PINNED_NAME = "openblas-bundled-pinned";

  /** Public for {@link java.util.ServiceLoader}; every instance shares one library and its kernels. */
  public BundledOpenBlas() {}

  @Override
  public String status() {
    return Library.LOADED.status();
  }

  @Override
  public Optional<MatMulKernel> kernel() {
    if (!Library.LOADED.status().startsWith("available")) {
      return Optional.empty();
    }
    return Optional.of(Kernels.KERNEL);
  }

  /**
   * The kernel that copies the operands into native memory and calls JavaCPP's JNI binding, on
   * any JDK, whichever kernel {@link #kernel} gives: for comparing the three.
   *
   * @return the kernel, one shared, or empty when the library cannot be used
   */
  public Optional<MatMulKernel> copyingKernel() {
    if (!Library.LOADED.status().startsWith("available")) {
      return Optional.empty();
    }
    return Optional.of(Kernels.COPYING);
  }

  /**
   * The kernel that calls the library through {@code dev.ludovic.netlib:blas}'s JNI binding with
   * the arrays pinned, on any JDK, whichever kernel {@link #kernel} gives: for comparing the three.
   *
   * @return the kernel, one shared, or empty when the library or the binding cannot be used
   */
  public Optional<MatMulKernel> pinnedKernel() {
    if (!Library.LOADED.status().startsWith("available")) {
      return Optional.empty();
    }
    return Pinned.open(Library.LOADED.openBlasFile()).kernel();
  }

  /** The copying kernel, and the kernel {@link #kernel} gives, made on first use. */
  private static final class Kernels {
    static final MatMulKernel COPYING = new BundledOpenBlasMatMulKernel();
    static final MatMulKernel KERNEL = Library.LOADED.inPlace()
        .or(() -> Pinned.open(Library.LOADED.openBlasFile()).kernel())
        .orElse(COPYING);
  }

  /**
   * The pinning kernel, or why there is none, opened on first need: where the Foreign Function and
   * Memory API works, only when asked for by name, so that those JVMs neither extract nor load the
   * binding's native part.
   */
  private record Pinned(Optional<MatMulKernel> kernel, String problem) {
    private static Pinned opened; // guarded by Pinned.class

    static synchronized Pinned open(String file) {
      if (opened == null) {
        try {
          opened = new Pinned(Optional.of(NativeBands.inPlaceKernel(PinnedSgemm.open(file), PINNED_NAME)), "");
        } catch (IllegalStateException e) {
          opened = new Pinned(Optional.empty(), e.getMessage());
        }
      }
      return opened;
    }
  }

  /**
   * The library as loaded when first asked for (the JVM runs this once, thread-safely): the status
   * line, the OpenBLAS file, and the kernel that passes the arrays in place through the Foreign
   * Function and Memory API, where it works.
   */
  private record Library(String status, String openBlasFile, Optional<MatMulKernel> inPlace) {
    static final Library LOADED = load();

    private static Library load() {
      String platform = Loader.getPlatform();
      String jniFile;
      String version;
      try {
        jniFile = Loader.load(openblas_nolapack.class);
        version = Loader.getVersion("org.bytedeco", "openblas");
        // the kernels split products over the Java threads of each call (NativeBands)
        openblas_nolapack.blas_set_num_threads(1);
      } catch (UnsatisfiedLinkError | RuntimeException | IOException e) {
        // e.g. a platform whose binaries this build does not ship (only linux-x86_64 is a dependency)
        return new Library("unavailable: no bundled OpenBLAS for " + platform + ": " + e, "", Optional.empty());
      }
      String file = openBlasFile(jniFile);
      Optional<MatMulKernel> inPlace = Optional.empty();
      String inPlaceProblem = "";
      try {
        inPlace = Optional.of(ForeignKernels.inPlaceKernel(file, IN_PLACE_NAME)); // or says why not
      } catch (IllegalStateException e) {
        inPlaceProblem = e.getMessage();
      }
      String how;
      if (inPlace.isPresent()) {
        how = "arrays in place through the Foreign Function and Memory API";
      } else {
        Pinned pinned = Pinned.open(file);
        how = pinned.kernel().isPresent()
            ? "JNI, arrays pinned (dev.ludovic.netlib:blas; Foreign Function and Memory API: " + inPlaceProblem + ")"
            : "JNI, arrays copied (Foreign Function and Memory API: " + inPlaceProblem + "; pinned: " + pinned.problem()
                + ")";
      }
      // OpenBLAS picks its processor kernels when it loads, unless the environment names them: a
      // machine may name older ones (say, AVX2 kernels on an AVX-512 processor), which is slower
      String forced = System.getenv(CORE_VARIABLE);
      String kernels = forced == null ? "" : ", processor kernels " + forced + " (" + CORE_VARIABLE + ")";
      String status = String.format("available: bundled OpenBLAS %s (org.bytedeco:openblas, %s), %s%s, from %s",
          version, platform, how, kernels, file);
      return new Library(status, file, inPlace);
    }

    /**
     * The OpenBLAS library file among those JavaCPP loaded, else {@code jniFile}, the JNI glue
     * linked to it (a symbol lookup in a library searches its dependencies too).
     */
    private static String openBlasFile(String jniFile) {
      for (String path : Loader.getLoadedLibraries().values()) {
        if (path != null && new File(path).getName().startsWith("libopenblas")) {
          return path;
        }
      }
      return jniFile;
    }
  }
}
