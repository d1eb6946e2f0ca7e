package dev.sngrad.autodiff.internal;

import static com.google.common.base.Preconditions.checkState;

import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.autodiff.tensor.Tensor;
import java.lang.invoke.MethodHandles;

/**
 * The backing arrays of tensors, without copies, for sngrad's own modules: ops, kernels, optimizer
 * passes and loaders. Not part of the user API (this package is left out of the Javadoc): user code
 * builds tensors with {@link Tensor#of} and reads them with {@link Tensor#toArray}, which copy.
 *
 * <p>A wrapped array belongs to the tensor from then on and is never modified, and an array read
 * here is only read: tensors are immutable values. The one exception is explicit: a tensor
 * computed into an {@link dev.sngrad.autodiff.tensor.Arena}'s array is valid until that arena is
 * reset.
 *
 * <p>{@link Tensor} keeps these operations package-private and hands them to this class when it is
 * initialized (the JDK's "shared secrets" pattern), so that they need not be public methods of
 * the tensor.
 */
public final class TensorArrays {
  /** What {@link Tensor} hands over; implemented there. */
  public interface Access {
    /** A tensor owning {@code data}. */
    Tensor wrap(Shape shape, float[] data);

    /** The backing array of {@code tensor}. */
    float[] data(Tensor tensor);
  }

  private static volatile Access registered;

  private TensorArrays() {}

  /** Called once, by {@link Tensor}'s static initializer. */
  public static void register(Access access) {
    checkState(registered == null, "tensor access registered twice");
    registered = access;
  }

  /** Takes ownership of {@code data} (never modified afterwards) as a tensor of {@code shape}. */
  public static Tensor wrap(Shape shape, float[] data) {
    return Holder.ACCESS.wrap(shape, data);
  }

  /** The backing array of {@code tensor}, not a copy: read it, never write it. */
  public static float[] data(Tensor tensor) {
    return Holder.ACCESS.data(tensor);
  }

  /** Initializes {@link Tensor} on first use, so that its access is registered and final here. */
  private static final class Holder {
    private static final Access ACCESS = load();

    private static Access load() {
      try {
        MethodHandles.lookup().ensureInitialized(Tensor.class);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e);
      }
      checkState(registered != null, "Tensor did not register its access");
      return registered;
    }
  }
}
