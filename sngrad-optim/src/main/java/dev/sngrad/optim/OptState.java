package dev.sngrad.optim;

/**
 * The state of a {@link GradientTransform}, such as Adam's moment estimates. Implementations are
 * immutable records; a transform returns a new state from every update and never changes the old
 * one, so a state can be kept, compared and reused (optax's {@code OptState}).
 *
 * <p>Every state can be saved in a checkpoint as named float32 tensors (see {@link OptStates}):
 * {@link #flattenInto} writes its tensors and {@link #restoreFrom} reads them back into a state of
 * the same structure. The two must be exact inverses, {@code s.restoreFrom(flattened(s))} equal to
 * {@code s}, so that training resumed from a checkpoint continues bit for bit.
 */
public interface OptState {
  /**
   * Writes this state's tensors to {@code out}. A leaf state writes under a child named after its
   * kind ({@code "adam"}, {@code "momentum"}, ...) so that a checkpoint names the transforms it came
   * from; a composite state gives each sub-state its own child. This state is not modified.
   *
   * @param out the writer positioned at this state's place in the checkpoint's tree of names
   */
  void flattenInto(StateWriter out);

  /**
   * A state of this state's structure (its names, shapes and sub-states; typically {@code
   * transform.init(params)}) holding the values read from {@code in}. Fails, through {@code in},
   * naming the path of a tensor that is missing or has another shape than this state's. This state
   * is not modified.
   *
   * @param in the reader positioned at this state's place in the checkpoint's tree of names
   * @return a new state of this state's structure holding the values read
   * @throws IllegalArgumentException if a tensor is missing or has another shape than this state's
   */
  OptState restoreFrom(StateReader in);
}
