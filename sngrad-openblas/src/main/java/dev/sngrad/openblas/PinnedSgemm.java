package dev.sngrad.openblas;

import dev.ludovic.netlib.blas.NativeBLAS;
import dev.sngrad.autodiff.linalg.InPlaceSgemm;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The bundled OpenBLAS's {@code sgemm} through the JNI binding of {@code dev.ludovic.netlib:blas},
 * which holds the Java arrays in JNI critical regions for the call instead of copying them: the
 * arrays in place on JDK 17-21, where the Foreign Function and Memory API is missing.
 *
 * <p>The binding loads the BLAS library that the system property {@value #LIBRARY_PROPERTY} names
 * once per JVM, when its class initializes; {@link #open} sets it to the bundled library's file
 * (which JavaCPP has loaded already, so {@code dlopen} returns that same library, single-threaded
 * as {@link BundledOpenBlas} set it) and refuses when the property names another file. A JVM in
 * which something else initialized the binding first, with another library, would run sngrad's
 * products on that library: still correct, not the bundled library's bits.
 *
 * <p>The binding's Fortran {@code sgemm} is column-major: a row-major {@code C = op(A) op(B)} is
 * the column-major {@code C^T = op(B)^T op(A)^T} over the same memory, which is how OpenBLAS's own
 * {@code cblas_sgemm} runs a row-major call, so both give the same bits. The call goes to the
 * binding's native method directly, past its public {@code sgemm}: that checks each operand's
 * extent as {@code offset + columns x leadingDimension}, one leading dimension more than BLAS
 * reads, and so rejects the bands of {@link dev.sngrad.autodiff.linalg.NativeBands} that start
 * inside a row. The arguments are checked by the kernel ({@code KernelArguments}) instead.
 */
final class PinnedSgemm implements InPlaceSgemm {
  /** The system property that tells the binding which library to load. */
  static final String LIBRARY_PROPERTY = "dev.ludovic.netlib.blas.nativeLibPath";

  private static final String BINDING_CLASS = "dev.ludovic.netlib.blas.JNIBLAS";

  private PinnedSgemm() {}

  /**
   * The binding, loading {@code libraryFile} into it.
   *
   * @param libraryFile the bundled OpenBLAS's file, already loaded by JavaCPP
   * @return the product
   * @throws IllegalStateException saying why not: the property names another library, the
   *     binding's native part does not load on this system, or the binding is not the version
   *     this class was written for
   */
  static PinnedSgemm open(String libraryFile) {
    // called once per JVM by BundledOpenBlas, which keeps what it gives
    String named = System.getProperty(LIBRARY_PROPERTY);
    if (named != null && !named.equals(libraryFile)) {
      throw new IllegalStateException(LIBRARY_PROPERTY + " names another library, " + named);
    }
    System.setProperty(LIBRARY_PROPERTY, libraryFile);
    try {
      Binding.load();
    } catch (ExceptionInInitializerError e) {
      throw new IllegalStateException("dev.ludovic.netlib:blas's JNI binding: " + e.getCause(), e.getCause());
    } catch (LinkageError e) { // NoClassDefFoundError after a failed first attempt
      throw new IllegalStateException("dev.ludovic.netlib:blas's JNI binding: " + e, e);
    }
    return new PinnedSgemm();
  }

  @Override
  public void sgemm(boolean transposeA, boolean transposeB, int m, int n, int k, float[] a, int offsetA, int lda,
      float[] b, int offsetB, int ldb, float[] c, int offsetC, int ldc) {
    try {
      // row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T; locals, since invokeExact
      // takes each argument's static type and a conditional among its arguments would be an Object
      String opB = transposeB ? "T" : "N";
      String opA = transposeA ? "T" : "N";
      Binding.SGEMM.invokeExact(
          Binding.BLAS, opB, opA, n, m, k, 1f, b, offsetB, ldb, a, offsetA, lda, 0f, c, offsetC, ldc);
    } catch (Throwable t) {
      throw new IllegalStateException("sgemm failed", t);
    }
  }

  @Override
  public String toString() {
    return "PinnedSgemm[" + System.getProperty(LIBRARY_PROPERTY) + "]";
  }

  /**
   * The binding's instance and its native {@code sgemmK}, in static finals so that {@code
   * invokeExact} compiles to a direct call. Initialized by {@link #open}, after the property is
   * set; a failure leaves this class unusable, which {@code open} reports.
   */
  private static final class Binding {
    static final Object BLAS;
    static final MethodHandle SGEMM;

    static {
      try {
        Class<?> binding = Class.forName(BINDING_CLASS);
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(binding, MethodHandles.lookup());
        // the binding's own instance, not NativeBLAS.getInstance(), which also tries (and logs) others
        BLAS = lookup.findStatic(binding, "getInstance", MethodType.methodType(NativeBLAS.class)).invoke();
        MethodType sgemm = MethodType.methodType(void.class, String.class, String.class, int.class, int.class,
            int.class, float.class, float[].class, int.class, int.class, float[].class, int.class, int.class,
            float.class, float[].class, int.class, int.class);
        SGEMM = lookup.findVirtual(binding, "sgemmK", sgemm)
            .asType(sgemm.insertParameterTypes(0, Object.class));
      } catch (Throwable t) {
        throw new IllegalStateException(t.toString(), t);
      }
    }

    /** Initializes this class, or throws what its initialization threw. */
    static void load() {}
  }
}
