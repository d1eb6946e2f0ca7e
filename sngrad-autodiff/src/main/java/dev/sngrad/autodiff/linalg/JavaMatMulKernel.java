package dev.sngrad.autodiff.linalg;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * A portable matrix product in plain Java. Loop orders keep the innermost loop running over
 * contiguous memory of both {@code b} and {@code c} (an axpy), which HotSpot's C2 compiles to SIMD
 * instructions; the transposed-B case uses row dot products instead.
 */
final class JavaMatMulKernel implements MatMulKernel {
  static final JavaMatMulKernel INSTANCE = new JavaMatMulKernel();

  private JavaMatMulKernel() {}

  @Override
  public void multiply(float[] a, boolean transposeA, float[] b, boolean transposeB, float[] c, int m, int n, int k) {
    checkArgument(a.length >= m * k, "matmul kernel: a has %s values, needs %s x %s", a.length, m, k);
    checkArgument(b.length >= k * n, "matmul kernel: b has %s values, needs %s x %s", b.length, k, n);
    checkArgument(c.length >= m * n, "matmul kernel: c has %s values, needs %s x %s", c.length, m, n);
    if (transposeB) {
      multiplyTransB(a, transposeA, b, c, m, n, k);
      return;
    }
    Arrays.fill(c, 0, m * n, 0f);
    for (int i = 0; i < m; i++) {
      int cRow = i * n;
      for (int p = 0; p < k; p++) {
        float aip = transposeA ? a[p * m + i] : a[i * k + p];
        int bRow = p * n;
        for (int j = 0; j < n; j++) {
          c[cRow + j] += aip * b[bRow + j];
        }
      }
    }
  }

  private static void multiplyTransB(float[] a, boolean transposeA, float[] b, float[] c, int m, int n, int k) {
    float[] aRow = new float[k];
    for (int i = 0; i < m; i++) {
      if (transposeA) {
        for (int p = 0; p < k; p++) {
          aRow[p] = a[p * m + i];
        }
      } else {
        System.arraycopy(a, i * k, aRow, 0, k);
      }
      for (int j = 0; j < n; j++) {
        int bRow = j * k;
        float s = 0f;
        for (int p = 0; p < k; p++) {
          s += aRow[p] * b[bRow + p];
        }
        c[i * n + j] = s;
      }
    }
  }
}
