package dev.sngrad.autodiff.linalg;

import java.util.Arrays;

/**
 * A cache-blocked matrix product in plain Java, optionally spread over several threads.
 *
 * <p>Transposed operands are first copied into row-major order (an {@code O(mk + kn)} copy
 * against {@code O(mnk)} arithmetic), so a single loop nest serves all four variants. That nest
 * updates four rows of {@code C} per pass over a row of {@code B}, so every element of {@code B}
 * loaded feeds four fused multiply-adds, and walks {@code C} in column tiles small enough to stay
 * in the L1 cache.
 *
 * <p>The transposed copies, and the squared ones of {@link #multiplySquares}, go to scratch arrays
 * that each issuing thread keeps in this kernel, grown to the largest product it has seen, and a
 * product's arguments reach its bands through a reused {@link SplitProduct}, so that repeated
 * products allocate nothing.
 *
 * <p>Every element of {@code C} is the sequence {@code c = Math.fma(a[p], b[p], c)} for {@code p =
 * 0 .. k-1} starting at 0, as in {@link VectorMatMulKernel}: the two kernels give the same bits,
 * so whichever {@link MatMulKernel#defaultKernel()} chooses, results are the same.
 *
 * <p>On several {@link WorkerThreads} the rows of {@code C} (or its columns, for few rows) are
 * split into contiguous bands computed in parallel; the result is identical to the
 * single-threaded one, since every element is summed in the same order.
 */
final class BlockedMatMulKernel implements MatMulKernel {
  /** Columns of C per tile: 4 rows x 512 floats = 8 KiB, well inside a 32 KiB L1 data cache. */
  private static final int COLUMN_TILE = 512;
  /** Rows of B per tile: 128 x 512 floats = 256 KiB, inside a 512 KiB L2 cache. */
  private static final int DEPTH_TILE = 128;
  private final ThreadLocal<Bands> bands = ThreadLocal.withInitial(Bands::new);

  BlockedMatMulKernel() {}

  @Override
  public void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, a, transposeA, b, transposeB, c, m, n, k, false);
  }

  /** Squares while copying the operands into the scratch arrays: the interface's squared copies, without allocating. */
  @Override
  public void multiplySquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, a, transposeA, b, transposeB, c, m, n, k, true);
  }

  private void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k, boolean square) {
    KernelArguments.check(a, b, c, m, n, k);
    Bands own = bands.get();
    Bands split = own.inUse() ? new Bands() : own;
    float[] rowMajorA = a;
    if (transposeA || square) {
      split.copyOfA = rowMajorCopy(a, transposeA, square, m, k, split.copyOfA);
      rowMajorA = split.copyOfA;
    }
    float[] rowMajorB = b;
    if (transposeB || square) {
      split.copyOfB = rowMajorCopy(b, transposeB, square, k, n, split.copyOfB);
      rowMajorB = split.copyOfB;
    }
    if (!threads.worthSplitting(m, n, k)) {
      multiplyBand(rowMajorA, rowMajorB, c, n, k, 0, m, 0, n);
      return;
    }
    split.set(rowMajorA, rowMajorB, c, m, n, k);
    split.byRows = m >= 4 * threads.count();
    try {
      threads.forEachBand(split.byRows ? m : n, split);
    } finally {
      split.clear();
    }
  }

  /**
   * A product that one thread is splitting (see {@link SplitProduct}), in bands of rows of {@code
   * C} or, for few rows, of columns, and that thread's scratch for transposed or squared operands.
   */
  private static final class Bands extends SplitProduct {
    private float[] copyOfA = new float[0];
    private float[] copyOfB = new float[0];
    private boolean byRows;

    @Override
    public void run(int from, int to) {
      if (byRows) {
        multiplyBand(a, b, c, n, k, from, to, 0, n);
      } else {
        multiplyBand(a, b, c, n, k, 0, m, from, to);
      }
    }
  }

  /**
   * The {@code rows x cols} matrix {@code x} (held as its {@code cols x rows} transpose when {@code
   * transposed}) in row-major order, squared (rounded to float) when {@code square}, in {@code
   * scratch} when it is large enough, else in a new array; returns the array written.
   */
  private static float[] rowMajorCopy(float[] x, boolean transposed, boolean square, int rows, int cols, float[] scratch) {
    if (!transposed) {
      return KernelArguments.squares(x, rows * cols, scratch); // only asked for squares
    }
    float[] y = scratch.length >= rows * cols ? scratch : new float[rows * cols];
    for (int p = 0; p < cols; p++) {
      for (int i = 0; i < rows; i++) {
        float v = x[p * rows + i];
        y[i * cols + p] = square ? v * v : v;
      }
    }
    return y;
  }

  /** Rows {@code [i0, i1)} and columns {@code [j0, j1)} of {@code C = A B}, all row-major. */
  private static void multiplyBand(float[] a, float[] b, float[] c, int n, int k, int i0, int i1, int j0, int j1) {
    for (int i = i0; i < i1; i++) {
      Arrays.fill(c, i * n + j0, i * n + j1, 0f);
    }
    for (int jt = j0; jt < j1; jt += COLUMN_TILE) {
      int jEnd = Math.min(j1, jt + COLUMN_TILE);
      for (int pt = 0; pt < k; pt += DEPTH_TILE) {
        int pEnd = Math.min(k, pt + DEPTH_TILE);
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
          fourRows(a, b, c, n, k, i, jt, jEnd, pt, pEnd);
        }
        for (; i < i1; i++) {
          oneRow(a, b, c, n, k, i, jt, jEnd, pt, pEnd);
        }
      }
    }
  }

  private static void fourRows(float[] a, float[] b, float[] c, int n, int k, int i, int j0, int j1, int p0, int p1) {
    int c0 = i * n;
    int c1 = c0 + n;
    int c2 = c1 + n;
    int c3 = c2 + n;
    for (int p = p0; p < p1; p++) {
      float a0 = a[i * k + p];
      float a1 = a[(i + 1) * k + p];
      float a2 = a[(i + 2) * k + p];
      float a3 = a[(i + 3) * k + p];
      int bp = p * n;
      for (int j = j0; j < j1; j++) {
        float bv = b[bp + j];
        c[c0 + j] = Math.fma(a0, bv, c[c0 + j]);
        c[c1 + j] = Math.fma(a1, bv, c[c1 + j]);
        c[c2 + j] = Math.fma(a2, bv, c[c2 + j]);
        c[c3 + j] = Math.fma(a3, bv, c[c3 + j]);
      }
    }
  }

  private static void oneRow(float[] a, float[] b, float[] c, int n, int k, int i, int j0, int j1, int p0, int p1) {
    int c0 = i * n;
    for (int p = p0; p < p1; p++) {
      float a0 = a[i * k + p];
      int bp = p * n;
      for (int j = j0; j < j1; j++) {
        c[c0 + j] = Math.fma(a0, b[bp + j], c[c0 + j]);
      }
    }
  }

  @Override
  public String toString() {
    return "scalar";
  }
}
