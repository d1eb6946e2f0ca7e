package dev.sngrad.autodiff.linalg;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A matrix product on the JDK's Vector API ({@code jdk.incubator.vector}, which the JVM must be
 * started with: {@code --add-modules jdk.incubator.vector}).
 *
 * <p>{@code B} is packed, 16 columns at a time, into a contiguous {@code k x 16} panel; a 6 x 16
 * block of {@code C} then stays in twelve 8-lane registers while {@code k} fused multiply-adds per
 * register run over the panel (the register blocking of Goto and van de Geijn, "Anatomy of
 * high-performance matrix multiplication", 2008); 4 x 16 and 1 x 16 blocks take the remaining
 * rows. Twelve independent accumulators hide the latency of two FMA pipes with room to spare; a
 * 4 x 16 block's eight measured 1.1-1.4 x slower (MatMulBenchmark, fastest products, one thread,
 * JDK 25). Every element of {@code C} is the sequence
 * {@code c = fma(a[p], b[p], c)} for {@code p = 0 .. k-1} starting at 0, whatever the block or
 * thread it falls in, so results are bit-identical for every thread count.
 *
 * <p>A transposed {@code A} (the weight gradients {@code A^T D} and their squares) is packed too,
 * 24 rows at a time, and each packed block is multiplied with every panel of the band before the
 * next is packed. {@link #multiplySquares} squares {@code B} while packing it, a transposed {@code
 * A} likewise, and any other {@code A} into one copy per call: squaring {@code A} inside the
 * micro-kernel put six scalar multiplies beside every twelve fused multiply-adds, once per panel,
 * and measured 2.1 x the plain product's time. The packing moves 8 floats at a time through the
 * Vector API only where C2 compiles those moves without boxing them ({@link
 * CpuFeatures#vectorPacking()}), elsewhere it copies in scalar loops; the bits are the same.
 *
 * <p>On several {@link WorkerThreads}, the panels (or, for fewer panels than threads, the rows) are
 * split among them.
 *
 * <p>The packed panels, edge buffers and squared copies live in scratch arrays that each thread
 * keeps in this kernel and reuses, grown to the largest product it has seen, and a product's
 * arguments reach its bands through a {@link SplitProduct} that each issuing thread keeps, so that
 * a training loop's products allocate nothing; they hold no result from one call to the next.
 */
final class VectorMatMulKernel implements MatMulKernel {
  /**
   * Every full-width float loop of the library ({@code VectorRelu}, {@code VectorFiniteScan}) uses
   * this species too: a {@code SPECIES_512} loop elsewhere made C2 box these micro-kernels' vectors.
   */
  private static final VectorSpecies<Float> LANES8 = FloatVector.SPECIES_256;
  private static final int PANEL = 16;
  /**
   * Rows of a transposed {@code A} packed together, 96 bytes per depth step: four 6 x 16 blocks.
   * With 16 (one 64-byte line), every group ended in a 4 x 16 block, a quarter of the rows at 1.36
   * x the time per row of a 6 x 16 one (profile of the training step, docs/benchmarks.md).
   */
  private static final int ROWS = 24;
  /**
   * Whether {@link #pack} and {@link #packRows} move full panels and blocks 8 floats at a time
   * through the Vector API, else in scalar loops of the same bits: {@link CpuFeatures#vectorPacking()}.
   */
  private static final boolean VECTOR_PACKING = CpuFeatures.vectorPacking();

  private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
  private final ThreadLocal<Bands> bands = ThreadLocal.withInitial(Bands::new);

  VectorMatMulKernel() {}

  /** One thread's scratch arrays, each at least as long as asked for; contents are not kept. */
  private static final class Scratch {
    private float[] packed = new float[0];
    private float[] edge = new float[0];
    private float[] squares = new float[0];
    private float[] rows = new float[0];

    float[] packed(int length) {
      packed = packed.length >= length ? packed : new float[length];
      return packed;
    }

    float[] edge(int length) {
      edge = edge.length >= length ? edge : new float[length];
      return edge;
    }

    float[] rows(int length) {
      rows = rows.length >= length ? rows : new float[length];
      return rows;
    }

    float[] squares(float[] x, int size) {
      squares = KernelArguments.squares(x, size, squares);
      return squares;
    }
  }

  @Override
  public void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, a, transposeA, b, transposeB, c, null, m, n, k, false);
  }

  /** Squares B while packing it, and A while packing it when transposed, else in one copy. */
  @Override
  public void multiplySquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n,
      int k) {
    multiply(threads, a, transposeA, b, transposeB, c, null, m, n, k, true);
  }

  /**
   * Both products in one split; with {@code A} transposed, in one pass over the packed operands:
   * each block of {@code A}'s rows and panel of {@code B} is packed plain and squared side by side.
   */
  @Override
  public void multiplyAndSquares(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c,
      float[] cOfSquares, int m, int n, int k) {
    if (!transposeA) {
      MatMulKernel.super.multiplyAndSquares(threads, a, false, b, transposeB, c, cOfSquares, m, n, k);
      return;
    }
    KernelArguments.check(a, b, cOfSquares, m, n, k);
    multiply(threads, a, true, b, transposeB, c, cOfSquares, m, n, k, false);
  }

  /** With {@code cOfSquares} (only for a transposed {@code A}) the squares' product goes there too. */
  private void multiply(
      WorkerThreads threads, float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c,
      float[] cOfSquares, int m, int n, int k, boolean square) {
    KernelArguments.check(a, b, c, m, n, k);
    // A transposed is packed, and squared while packed, by runTransposed
    float[] aIn = square && !transposeA ? scratch.get().squares(a, m * k) : a;
    boolean inPlaceTranspose = transposeA;
    int panels = (n + PANEL - 1) / PANEL;
    if (!threads.worthSplitting(m, n, cOfSquares == null ? k : 2 * k)) {
      if (cOfSquares != null) {
        runTransposed(aIn, m, b, transposeB, square, c, cOfSquares, n, k, 0, panels, 0, m);
      } else {
        run(aIn, inPlaceTranspose, b, transposeB, square, c, m, n, k, 0, panels, 0, m);
      }
      return;
    }
    Bands own = bands.get();
    Bands split = own.inUse() ? new Bands() : own;
    split.set(aIn, b, c, m, n, k);
    split.cOfSquares = cOfSquares;
    split.aTransposed = inPlaceTranspose;
    split.transposeB = transposeB;
    split.square = square;
    split.panels = panels;
    split.byPanels = panels >= threads.count();
    try {
      threads.forEachBand(split.byPanels ? panels : m, split);
    } finally {
      split.clear();
      split.cOfSquares = null;
    }
  }

  /**
   * A product that one thread is splitting (see {@link SplitProduct}), in bands of panels of {@code
   * B}'s columns, or of rows of {@code A} for fewer panels than threads.
   */
  private final class Bands extends SplitProduct {
    /** The second result of {@link #multiplyAndSquares}, else null. */
    private float[] cOfSquares;
    private boolean aTransposed;
    private boolean transposeB;
    private boolean square;
    private int panels;
    private boolean byPanels;

    @Override
    public void run(int from, int to) {
      if (cOfSquares != null) {
        runTransposed(a, m, b, transposeB, square, c, cOfSquares, n, k,
            byPanels ? from : 0, byPanels ? to : panels, byPanels ? 0 : from, byPanels ? m : to);
      } else if (byPanels) {
        VectorMatMulKernel.this.run(a, aTransposed, b, transposeB, square, c, m, n, k, from, to, 0, m);
      } else {
        VectorMatMulKernel.this.run(a, aTransposed, b, transposeB, square, c, m, n, k, 0, panels, from, to);
      }
    }
  }

  /**
   * Panels {@code [panel0, panel1)} for rows {@code [i0, i1)}; {@code a} is {@code m x k}
   * row-major, or {@code k x m} row-major when {@code aTransposed}.
   */
  private void run(
      float[] a, boolean aTransposed, float[] b, boolean transposeB, boolean square, float[] c, int m, int n, int k,
      int panel0, int panel1, int i0, int i1) {
    if (aTransposed) {
      runTransposed(a, m, b, transposeB, square, c, null, n, k, panel0, panel1, i0, i1);
      return;
    }
    Scratch own = scratch.get();
    float[] packed = own.packed(k * PANEL);
    // A full panel's blocks go straight to C; an edge panel's go to a buffer of this band's rows,
    // whose first `width` columns are then copied to C.
    float[] edge = n % PANEL == 0 ? null : own.edge((i1 - i0) * PANEL);
    for (int panel = panel0; panel < panel1; panel++) {
      int j0 = panel * PANEL;
      int width = Math.min(PANEL, n - j0);
      pack(b, transposeB, square, packed, 0, n, k, j0, width);
      boolean full = width == PANEL;
      float[] out = full ? c : edge;
      int stride = full ? n : PANEL;
      int row0 = full ? 0 : i0;
      int col0 = full ? j0 : 0;
      int i = i0;
      for (int sixesEnd = i0 + 6 * sixRowBlocks(i1 - i0); i < sixesEnd; i += 6) {
        sixRows(a, packed, k, i, out, (i - row0) * stride + col0, stride);
      }
      for (; i + 4 <= i1; i += 4) {
        fourRows(a, packed, k, i, out, (i - row0) * stride + col0, stride);
      }
      for (; i < i1; i++) {
        oneRow(a, packed, k, i, out, (i - row0) * stride + col0, stride);
      }
      if (!full) {
        for (int r = i0; r < i1; r++) {
          System.arraycopy(edge, (r - i0) * PANEL, c, r * n + j0, width);
        }
      }
    }
  }

  /**
   * {@link #run} for {@code A} given transposed ({@code k x m}, element {@code (i, p)} at {@code
   * a[p m + i]}), rows outermost: the band's panels of {@code B} are packed first, one after the
   * other, then each group of {@link #ROWS} rows of {@code op(A)} is packed into a {@code k x 24}
   * block (squared when {@code square}) and multiplied with every panel; with {@code cOfSquares},
   * squared panels and blocks are packed beside the plain ones and their product goes there (for
   * {@link #multiplyAndSquares}, {@code square} false). Read in place, a
   * transposed {@code A} gave each depth step six floats of a cache line, and every panel read the
   * whole of {@code A} again that way; packed, each line of {@code A} is read once per band.
   */
  private void runTransposed(
      float[] a, int m, float[] b, boolean transposeB, boolean square, float[] c, float[] cOfSquares, int n, int k,
      int panel0, int panel1, int i0, int i1) {
    Scratch own = scratch.get();
    int products = cOfSquares == null ? 1 : 2;
    int panelSize = k * PANEL;
    int bandSize = (panel1 - panel0) * panelSize;
    float[] packed = own.packed(products * bandSize);
    for (int panel = panel0; panel < panel1; panel++) {
      int j0 = panel * PANEL;
      int width = Math.min(PANEL, n - j0);
      pack(b, transposeB, square, packed, (panel - panel0) * panelSize, n, k, j0, width);
      if (cOfSquares != null) {
        pack(b, transposeB, true, packed, bandSize + (panel - panel0) * panelSize, n, k, j0, width);
      }
    }
    int blockSize = k * ROWS;
    float[] rows = own.rows(products * blockSize);
    // only the last panel can be narrower than 16: its blocks go to a buffer of this band's rows
    int edgeSize = (i1 - i0) * PANEL;
    float[] edge = n % PANEL == 0 ? null : own.edge(products * edgeSize);
    for (int g = i0; g < i1; g += ROWS) {
      int height = Math.min(ROWS, i1 - g);
      packRows(a, m, square, rows, 0, k, g, height);
      if (cOfSquares != null) {
        packRows(a, m, true, rows, blockSize, k, g, height);
      }
      for (int product = 0; product < products; product++) {
        float[] result = product == 0 ? c : cOfSquares;
        for (int panel = panel0; panel < panel1; panel++) {
          int j0 = panel * PANEL;
          boolean full = n - j0 >= PANEL;
          float[] out = full ? result : edge;
          int stride = full ? n : PANEL;
          int outAt = full ? g * n + j0 : product * edgeSize + (g - i0) * PANEL;
          int at = product * bandSize + (panel - panel0) * panelSize;
          int rowsAt = product * blockSize;
          int r = 0;
          for (int sixesEnd = 6 * sixRowBlocks(height); r < sixesEnd; r += 6) {
            sixRowsOfTransposed(rows, ROWS, packed, at, k, rowsAt + r, out, outAt + r * stride, stride);
          }
          for (; r + 4 <= height; r += 4) {
            fourRowsOfTransposed(rows, ROWS, packed, at, k, rowsAt + r, out, outAt + r * stride, stride);
          }
          for (; r < height; r++) {
            oneRowOfTransposed(rows, ROWS, packed, at, k, rowsAt + r, out, outAt + r * stride, stride);
          }
        }
      }
    }
    if (edge != null && panel1 * PANEL > n) {
      int j0 = (panel1 - 1) * PANEL;
      for (int product = 0; product < products; product++) {
        float[] result = product == 0 ? c : cOfSquares;
        for (int r = i0; r < i1; r++) {
          System.arraycopy(edge, product * edgeSize + (r - i0) * PANEL, result, r * n + j0, n - j0);
        }
      }
    }
  }

  /**
   * How many 6-row blocks to take from {@code height} rows; 4-row blocks, then single rows, take the
   * rest. A remainder of 2 or 3 rows after the 6-row blocks gives one of them back, so that 8 rows
   * run as two 4-row blocks and 9 as two 4-row blocks and one row: a single row keeps only two
   * accumulators, about four times a 6-row block's time per row. (Every element of {@code C} is
   * the same chain of multiply-adds in any block, so this changes no bit.)
   */
  private static int sixRowBlocks(int height) {
    int sixes = height / 6;
    int rest = height % 6;
    return sixes > 0 && (rest == 2 || rest == 3) ? sixes - 1 : sixes;
  }

  /**
   * Rows {@code [g, g + height)} of {@code op(A)}, {@code A} given transposed ({@code k x m}), into
   * {@code rows} as a {@code k x 24} block (element {@code (g + r, p)} at {@code rows[rowsAt + 24 p + r]}),
   * squared when {@code square}; {@code height <= 24}, and the columns beyond it are not written.
   */
  private static void packRows(float[] a, int m, boolean square, float[] rows, int rowsAt, int k, int g, int height) {
    packRows(a, m, square, rows, rowsAt, k, g, height, VECTOR_PACKING);
  }

  /** {@link #packRows} with Vector API moves for a full block when {@code vectorMoves}, else scalar loops only. */
  static void packRows(
      float[] a, int m, boolean square, float[] rows, int rowsAt, int k, int g, int height, boolean vectorMoves) {
    if (height == ROWS && vectorMoves) {
      for (int p = 0, at = g; p < k; p++, at += m) {
        FloatVector low = FloatVector.fromArray(LANES8, a, at);
        FloatVector middle = FloatVector.fromArray(LANES8, a, at + 8);
        FloatVector high = FloatVector.fromArray(LANES8, a, at + 16);
        if (square) {
          low = low.mul(low);
          middle = middle.mul(middle);
          high = high.mul(high);
        }
        low.intoArray(rows, rowsAt + p * ROWS);
        middle.intoArray(rows, rowsAt + p * ROWS + 8);
        high.intoArray(rows, rowsAt + p * ROWS + 16);
      }
      return;
    }
    for (int p = 0, at = g; p < k; p++, at += m) {
      for (int r = 0; r < height; r++) {
        float v = a[at + r];
        rows[rowsAt + p * ROWS + r] = square ? v * v : v;
      }
    }
  }

  /** Columns {@code [j0, j0 + width)} of {@code B} (or rows of a transposed B) into a zero-padded {@code k x 16} panel at {@code packed[at]}. */
  private static void pack(
      float[] b, boolean transposeB, boolean square, float[] packed, int at, int n, int k, int j0, int width) {
    pack(b, transposeB, square, packed, at, n, k, j0, width, VECTOR_PACKING);
  }

  /**
   * {@link #pack} with Vector API moves for a full panel of {@code B} as given when {@code
   * vectorMoves}, else scalar loops and {@code System.arraycopy} only.
   */
  static void pack(
      float[] b, boolean transposeB, boolean square, float[] packed, int at, int n, int k, int j0, int width,
      boolean vectorMoves) {
    if (width < PANEL) {
      Arrays.fill(packed, at, at + k * PANEL, 0f);
    }
    if (transposeB) {
      for (int jj = 0; jj < width; jj++) {
        int row = (j0 + jj) * k;
        for (int p = 0; p < k; p++) {
          float v = b[row + p];
          packed[at + p * PANEL + jj] = square ? v * v : v;
        }
      }
    } else if (square && width == PANEL && vectorMoves) {
      for (int p = 0; p < k; p++) {
        FloatVector low = FloatVector.fromArray(LANES8, b, p * n + j0);
        FloatVector high = FloatVector.fromArray(LANES8, b, p * n + j0 + 8);
        low.mul(low).intoArray(packed, at + p * PANEL);
        high.mul(high).intoArray(packed, at + p * PANEL + 8);
      }
    } else if (square) {
      for (int p = 0; p < k; p++) {
        for (int jj = 0; jj < width; jj++) {
          float v = b[p * n + j0 + jj];
          packed[at + p * PANEL + jj] = v * v;
        }
      }
    } else if (width == PANEL && vectorMoves) {
      // two vector moves per row: a 16-element System.arraycopy per row cost more in call overhead
      // than in copying, most for small batches where B (the weights) is large against the work
      for (int p = 0; p < k; p++) {
        FloatVector.fromArray(LANES8, b, p * n + j0).intoArray(packed, at + p * PANEL);
        FloatVector.fromArray(LANES8, b, p * n + j0 + 8).intoArray(packed, at + p * PANEL + 8);
      }
    } else {
      // an edge panel, or a full one where the vector moves would box (CpuFeatures.vectorPacking)
      for (int p = 0; p < k; p++) {
        System.arraycopy(b, p * n + j0, packed, at + p * PANEL, width);
      }
    }
  }

  /**
   * Rows {@code i .. i+5} of {@code A} times the packed panel, stored at {@code out[outAt]}, rows
   * {@code stride} floats apart. Every micro-kernel stores its own registers: a helper taking
   * vectors as arguments, once compiled on its own, is not inlined, and its vectors then live on
   * the heap (this made whole JVMs 2.8 x slower; docs/benchmarks.md).
   */
  private static void sixRows(float[] a, float[] packed, int k, int i, float[] out, int outAt, int stride) {
    FloatVector c00 = FloatVector.zero(LANES8);
    FloatVector c01 = FloatVector.zero(LANES8);
    FloatVector c10 = FloatVector.zero(LANES8);
    FloatVector c11 = FloatVector.zero(LANES8);
    FloatVector c20 = FloatVector.zero(LANES8);
    FloatVector c21 = FloatVector.zero(LANES8);
    FloatVector c30 = FloatVector.zero(LANES8);
    FloatVector c31 = FloatVector.zero(LANES8);
    FloatVector c40 = FloatVector.zero(LANES8);
    FloatVector c41 = FloatVector.zero(LANES8);
    FloatVector c50 = FloatVector.zero(LANES8);
    FloatVector c51 = FloatVector.zero(LANES8);
    int a0 = i * k;
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    int a4 = a3 + k;
    int a5 = a4 + k;
    for (int p = 0; p < k; p++) {
      FloatVector b0 = FloatVector.fromArray(LANES8, packed, p * PANEL);
      FloatVector b1 = FloatVector.fromArray(LANES8, packed, p * PANEL + 8);
      FloatVector v = FloatVector.broadcast(LANES8, a[a0 + p]);
      c00 = v.fma(b0, c00);
      c01 = v.fma(b1, c01);
      v = FloatVector.broadcast(LANES8, a[a1 + p]);
      c10 = v.fma(b0, c10);
      c11 = v.fma(b1, c11);
      v = FloatVector.broadcast(LANES8, a[a2 + p]);
      c20 = v.fma(b0, c20);
      c21 = v.fma(b1, c21);
      v = FloatVector.broadcast(LANES8, a[a3 + p]);
      c30 = v.fma(b0, c30);
      c31 = v.fma(b1, c31);
      v = FloatVector.broadcast(LANES8, a[a4 + p]);
      c40 = v.fma(b0, c40);
      c41 = v.fma(b1, c41);
      v = FloatVector.broadcast(LANES8, a[a5 + p]);
      c50 = v.fma(b0, c50);
      c51 = v.fma(b1, c51);
    }
    c00.intoArray(out, outAt);
    c01.intoArray(out, outAt + 8);
    c10.intoArray(out, outAt + stride);
    c11.intoArray(out, outAt + stride + 8);
    c20.intoArray(out, outAt + 2 * stride);
    c21.intoArray(out, outAt + 2 * stride + 8);
    c30.intoArray(out, outAt + 3 * stride);
    c31.intoArray(out, outAt + 3 * stride + 8);
    c40.intoArray(out, outAt + 4 * stride);
    c41.intoArray(out, outAt + 4 * stride + 8);
    c50.intoArray(out, outAt + 5 * stride);
    c51.intoArray(out, outAt + 5 * stride + 8);
  }

  private static void fourRows(float[] a, float[] packed, int k, int i, float[] out, int outAt, int stride) {
    FloatVector c00 = FloatVector.zero(LANES8);
    FloatVector c01 = FloatVector.zero(LANES8);
    FloatVector c10 = FloatVector.zero(LANES8);
    FloatVector c11 = FloatVector.zero(LANES8);
    FloatVector c20 = FloatVector.zero(LANES8);
    FloatVector c21 = FloatVector.zero(LANES8);
    FloatVector c30 = FloatVector.zero(LANES8);
    FloatVector c31 = FloatVector.zero(LANES8);
    int a0 = i * k;
    int a1 = a0 + k;
    int a2 = a1 + k;
    int a3 = a2 + k;
    for (int p = 0; p < k; p++) {
      FloatVector b0 = FloatVector.fromArray(LANES8, packed, p * PANEL);
      FloatVector b1 = FloatVector.fromArray(LANES8, packed, p * PANEL + 8);
      FloatVector v = FloatVector.broadcast(LANES8, a[a0 + p]);
      c00 = v.fma(b0, c00);
      c01 = v.fma(b1, c01);
      v = FloatVector.broadcast(LANES8, a[a1 + p]);
      c10 = v.fma(b0, c10);
      c11 = v.fma(b1, c11);
      v = FloatVector.broadcast(LANES8, a[a2 + p]);
      c20 = v.fma(b0, c20);
      c21 = v.fma(b1, c21);
      v = FloatVector.broadcast(LANES8, a[a3 + p]);
      c30 = v.fma(b0, c30);
      c31 = v.fma(b1, c31);
    }
    c00.intoArray(out, outAt);
    c01.intoArray(out, outAt + 8);
    c10.intoArray(out, outAt + stride);
    c11.intoArray(out, outAt + stride + 8);
    c20.intoArray(out, outAt + 2 * stride);
    c21.intoArray(out, outAt + 2 * stride + 8);
    c30.intoArray(out, outAt + 3 * stride);
    c31.intoArray(out, outAt + 3 * stride + 8);
  }

  private static void oneRow(float[] a, float[] packed, int k, int i, float[] out, int outAt, int stride) {
    FloatVector c00 = FloatVector.zero(LANES8);
    FloatVector c01 = FloatVector.zero(LANES8);
    int a0 = i * k;
    for (int p = 0; p < k; p++) {
      FloatVector v = FloatVector.broadcast(LANES8, a[a0 + p]);
      c00 = v.fma(FloatVector.fromArray(LANES8, packed, p * PANEL), c00);
      c01 = v.fma(FloatVector.fromArray(LANES8, packed, p * PANEL + 8), c01);
    }
    c00.intoArray(out, outAt);
    c01.intoArray(out, outAt + 8);
  }

  /*
   * The block kernels repeat one another on purpose. Six, four and one rows: a register block must
   * have its accumulators as named locals to stay in registers, so each height is its own method;
   * the 4 x 16 and 1 x 16 blocks take the rows left over by the 6 x 16 one at full speed (m = 784
   * leaves 4, B = 256 or 1024 leave 4). Transposed variants: the same blocks with another indexing
   * of A; a single version with row and depth strides as parameters measured 104 ms against 61-70
   * ms for the plain training step (B = 1024, 2 threads, JDK 25), since C2 no longer kept the row
   * pointers of the row-major case in registers.
   */

  /** {@link #sixRows} with {@code A} given transposed. */
  private static void sixRowsOfTransposed(
      float[] a, int m, float[] packed, int packedAt, int k, int i, float[] out, int outAt, int stride) {
    FloatVector c00 = FloatVector.zero(LANES8);
    FloatVector c01 = FloatVector.zero(LANES8);
    FloatVector c10 = FloatVector.zero(LANES8);
    FloatVector c11 = FloatVector.zero(LANES8);
    FloatVector c20 = FloatVector.zero(LANES8);
    FloatVector c21 = FloatVector.zero(LANES8);
    FloatVector c30 = FloatVector.zero(LANES8);
    FloatVector c31 = FloatVector.zero(LANES8);
    FloatVector c40 = FloatVector.zero(LANES8);
    FloatVector c41 = FloatVector.zero(LANES8);
    FloatVector c50 = FloatVector.zero(LANES8);
    FloatVector c51 = FloatVector.zero(LANES8);
    for (int p = 0, at = i; p < k; p++, at += m) {
      FloatVector b0 = FloatVector.fromArray(LANES8, packed, packedAt + p * PANEL);
      FloatVector b1 = FloatVector.fromArray(LANES8, packed, packedAt + p * PANEL + 8);
      float x0 = a[at];
      float x1 = a[at + 1];
      float x2 = a[at + 2];
      float x3 = a[at + 3];
      float x4 = a[at + 4];
      float x5 = a[at + 5];
      FloatVector v = FloatVector.broadcast(LANES8, x0);
      c00 = v.fma(b0, c00);
      c01 = v.fma(b1, c01);
      v = FloatVector.broadcast(LANES8, x1);
      c10 = v.fma(b0, c10);
      c11 = v.fma(b1, c11);
      v = FloatVector.broadcast(LANES8, x2);
      c20 = v.fma(b0, c20);
      c21 = v.fma(b1, c21);
      v = FloatVector.broadcast(LANES8, x3);
      c30 = v.fma(b0, c30);
      c31 = v.fma(b1, c31);
      v = FloatVector.broadcast(LANES8, x4);
      c40 = v.fma(b0, c40);
      c41 = v.fma(b1, c41);
      v = FloatVector.broadcast(LANES8, x5);
      c50 = v.fma(b0, c50);
      c51 = v.fma(b1, c51);
    }
    c00.intoArray(out, outAt);
    c01.intoArray(out, outAt + 8);
    c10.intoArray(out, outAt + stride);
    c11.intoArray(out, outAt + stride + 8);
    c20.intoArray(out, outAt + 2 * stride);
    c21.intoArray(out, outAt + 2 * stride + 8);
    c30.intoArray(out, outAt + 3 * stride);
    c31.intoArray(out, outAt + 3 * stride + 8);
    c40.intoArray(out, outAt + 4 * stride);
    c41.intoArray(out, outAt + 4 * stride + 8);
    c50.intoArray(out, outAt + 5 * stride);
    c51.intoArray(out, outAt + 5 * stride + 8);
  }

  /**
   * {@link #fourRows} with {@code A} given transposed ({@code k x m}): element {@code (i, p)} at
   * {@code a[p m + i]}.
   */
  private static void fourRowsOfTransposed(
      float[] a, int m, float[] packed, int packedAt, int k, int i, float[] out, int outAt, int stride) {
    FloatVector c00 = FloatVector.zero(LANES8);
    FloatVector c01 = FloatVector.zero(LANES8);
    FloatVector c10 = FloatVector.zero(LANES8);
    FloatVector c11 = FloatVector.zero(LANES8);
    FloatVector c20 = FloatVector.zero(LANES8);
    FloatVector c21 = FloatVector.zero(LANES8);
    FloatVector c30 = FloatVector.zero(LANES8);
    FloatVector c31 = FloatVector.zero(LANES8);
    for (int p = 0, at = i; p < k; p++, at += m) {
      FloatVector b0 = FloatVector.fromArray(LANES8, packed, packedAt + p * PANEL);
      FloatVector b1 = FloatVector.fromArray(LANES8, packed, packedAt + p * PANEL + 8);
      float x0 = a[at];
      float x1 = a[at + 1];
      float x2 = a[at + 2];
      float x3 = a[at + 3];
      FloatVector v = FloatVector.broadcast(LANES8, x0);
      c00 = v.fma(b0, c00);
      c01 = v.fma(b1, c01);
      v = FloatVector.broadcast(LANES8, x1);
      c10 = v.fma(b0, c10);
      c11 = v.fma(b1, c11);
      v = FloatVector.broadcast(LANES8, x2);
      c20 = v.fma(b0, c20);
      c21 = v.fma(b1, c21);
      v = FloatVector.broadcast(LANES8, x3);
      c30 = v.fma(b0, c30);
      c31 = v.fma(b1, c31);
    }
    c00.intoArray(out, outAt);
    c01.intoArray(out, outAt + 8);
    c10.intoArray(out, outAt + stride);
    c11.intoArray(out, outAt + stride + 8);
    c20.intoArray(out, outAt + 2 * stride);
    c21.intoArray(out, outAt + 2 * stride + 8);
    c30.intoArray(out, outAt + 3 * stride);
    c31.intoArray(out, outAt + 3 * stride + 8);
  }

  /** {@link #oneRow} with {@code A} given transposed. */
  private static void oneRowOfTransposed(
      float[] a, int m, float[] packed, int packedAt, int k, int i, float[] out, int outAt, int stride) {
    FloatVector c00 = FloatVector.zero(LANES8);
    FloatVector c01 = FloatVector.zero(LANES8);
    for (int p = 0, at = i; p < k; p++, at += m) {
      float x = a[at];
      FloatVector v = FloatVector.broadcast(LANES8, x);
      c00 = v.fma(FloatVector.fromArray(LANES8, packed, packedAt + p * PANEL), c00);
      c01 = v.fma(FloatVector.fromArray(LANES8, packed, packedAt + p * PANEL + 8), c01);
    }
    c00.intoArray(out, outAt);
    c01.intoArray(out, outAt + 8);
  }



  @Override
  public String toString() {
    return "vector";
  }
}
