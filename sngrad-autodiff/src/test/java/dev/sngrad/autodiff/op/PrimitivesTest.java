package dev.sngrad.autodiff.op;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sngrad.autodiff.tensor.Shape;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in ops are reached through {@link Primitives}; their classes are not public. */
class PrimitivesTest {
  @Test
  void builtInOpClassesArePackagePrivate() {
    List<Primitive> ops = List.of(
        Primitives.add(), Primitives.sub(), Primitives.mul(), Primitives.div(), Primitives.neg(),
        Primitives.addScalar(1f), Primitives.mulScalar(2f), Primitives.matmul(), Primitives.transpose(),
        Primitives.reshape(Shape.of(2)), Primitives.biasAdd(), Primitives.sum(0, false), Primitives.sumAll(true),
        Primitives.exp(), Primitives.log(), Primitives.tanh(), Primitives.relu(), Primitives.sigmoid(),
        Primitives.square(), Primitives.sqrt(), Primitives.max(0), Primitives.logSumExp(0), Primitives.softmax(0),
        Primitives.softmaxCrossEntropy(new int[] {0}), Primitives.conv2d(1, 1, 0, 0), Primitives.maxPool2d(2, 2),
        Primitives.avgPool2d(2, 2), Primitives.globalAvgPool());
    for (Primitive op : ops) {
      assertThat(Modifier.isPublic(op.getClass().getModifiers())).as("%s is public", op.getClass()).isFalse();
    }
  }
}
