package dev.sngrad.autodiff.linalg;

import java.lang.reflect.InvocationTargetException;

/**
 * The kernels that call native code through the Foreign Function and Memory API: compiled only by
 * a JDK 22 or newer ({@code src/main/java22}, the {@code native-blas} profile) and reached here by
 * reflection, so that this module still runs on JDK 17. {@link NativeBlas} opens the system
 * OpenBLAS's kernel through this class; a {@link NativeKernelProvider} opens {@link
 * #inPlaceKernel} on its own library.
 */
public final class ForeignKernels {
  private static final String LIBRARY_CLASS = "dev.sngrad.autodiff.linalg.OpenBlasLibrary";

  private ForeignKernels() {}

  /**
   * A kernel that calls the {@code cblas_sgemm} of the OpenBLAS shared library {@code libraryFile}
   * with the arrays in place, and splits each product into bands on the {@link WorkerThreads} of
   * the call, as {@link NativeBands} says: {@link NativeBands#inPlaceKernel} over the Foreign
   * Function and Memory API. For a provider whose library is already loaded and runs
   * single-threaded: this kernel never changes OpenBLAS's thread count. Each call makes a new
   * kernel.
   *
   * @param libraryFile the library's file, as {@code dlopen} takes it
   * @param name what the kernel's {@code toString} says
   * @return the kernel
   * @throws IllegalStateException saying why not: a JDK older than 22, an sngrad build compiled by
   *     one, or a library that does not load or lacks {@code cblas_sgemm}
   */
  public static MatMulKernel inPlaceKernel(String libraryFile, String name) {
    if (Runtime.version().feature() < 22) {
      throw new IllegalStateException("needs JDK 22 or newer, this is " + Runtime.version());
    }
    try {
      Class.forName(LIBRARY_CLASS);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("this build of sngrad was compiled by a JDK older than 22", e);
    }
    return (MatMulKernel) call(LIBRARY_CLASS, "bandedKernel", libraryFile, name);
  }

  /** A static method of a kernel class compiled for JDK 22+; its arguments are strings and ints. */
  static Object call(String kernelClass, String method, Object... args) {
    try {
      Class<?> kernel = Class.forName(kernelClass);
      Class<?>[] types = new Class<?>[args.length];
      for (int i = 0; i < args.length; i++) {
        types[i] = args[i] instanceof Integer ? int.class : args[i].getClass();
      }
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
