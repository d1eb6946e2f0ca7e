package dev.sngrad.optim;

import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;

/**
 * A transform that can run block by block: element {@code j} of its output depends only on element
 * {@code j} of the incoming update, of the per-example gradient statistics, of the parameters and
 * of its own state. A chain of such transforms is one ({@link
 * dev.sngrad.optim.transform.Transforms#chain}), and a training step runs it together with {@code
 * params + updates} in one pass over each cache-sized block of every parameter ({@link
 * BlockPasses}): every member's loop runs over a block while the block is in L1, and no
 * parameter-sized array is written but the new parameters and the new state.
 *
 * <p>An update runs in three levels, each asked for the next:
 *
 * <ol>
 *   <li>{@link #start} once per update, on the caller's thread: per-step scalars (a learning rate
 *       from a schedule, Adam's bias corrections);
 *   <li>{@link Pass#tensor} once per parameter in parameter order, on the caller's thread: the
 *       state arrays of that parameter (new ones from the buffers of {@link StepContext#execution()});
 *   <li>{@link TensorPass#chunk} once per chunk of {@link BlockPasses#CHUNK} elements, possibly on
 *       another thread of the step's kernel; its {@link BlockPass} then runs on the chunk's blocks
 *       in order.
 * </ol>
 *
 * <p>{@link Pass#finish} then gives the next state and the update's {@link AuxOutput}. {@link
 * #update} is implemented by {@link BlockPasses#update}, so the formula is written once, in the
 * block pass. Results must not depend on the chunking into threads.
 *
 * @param <S> the state type
 */
public interface ElementwiseTransform<S extends OptState> extends GradientTransform<S> {
  /**
   * Starts one update from {@code state} (not modified) with {@code ctx}.
   *
   * @param state the transform's current state
   * @param ctx the parameters, the gradient statistics when needed, the step and the execution
   * @return the update in progress, asked for each parameter's pass in parameter order
   */
  Pass<S> start(S state, StepContext ctx);

  /** The update, one block pass over every parameter; see {@link BlockPasses#update}. */
  @Override
  default Update<S> update(Params updates, S state, StepContext ctx) {
    return BlockPasses.update(this, updates, state, ctx);
  }

  /**
   * One update in progress.
   *
   * @param <S> the state type
   */
  interface Pass<S extends OptState> {
    /**
     * The work on parameter {@code name} of {@code shape}, cut into {@code chunks} chunks; called
     * in parameter order on the caller's thread.
     *
     * @param name the parameter's name, e.g. {@code dense1/weight}
     * @param shape the parameter's shape
     * @param chunks the number of chunks of {@link BlockPasses#CHUNK} elements (the last one may be
     *     shorter), each asked for with {@link TensorPass#chunk}
     * @return the work on that parameter
     */
    TensorPass tensor(String name, Shape shape, int chunks);

    /**
     * The next state and the update's auxiliary output, once every tensor is done.
     *
     * @return the state to pass to the next update and what this update reports
     */
    Outcome<S> finish();

    /**
     * A pass that runs {@code block} on every block of every tensor and then gives {@code
     * nextState} and no auxiliary output: for transforms that keep no arrays.
     *
     * @param block the formula, shared by every chunk of every tensor (so it must be stateless)
     * @param nextState the state {@link #finish} returns
     * @param <S> the state type
     * @return the pass
     */
    static <S extends OptState> Pass<S> of(BlockPass block, S nextState) {
      return new Pass<>() {
        @Override
        public TensorPass tensor(String name, Shape shape, int chunks) {
          return (index, from, to) -> block;
        }

        @Override
        public Outcome<S> finish() {
          return new Outcome<>(nextState, AuxOutput.none());
        }
      };
    }
  }

  /**
   * The next state and the auxiliary output of an update.
   *
   * @param state the state to pass to the next update
   * @param aux what this update reports
   * @param <S> the state type
   */
  record Outcome<S extends OptState>(S state, AuxOutput aux) {}

  /** The work of one update on one parameter tensor. */
  interface TensorPass {
    /**
     * The pass over chunk {@code index}, the elements {@code [from, to)}; called once per chunk,
     * possibly on another thread, before its blocks run.
     *
     * @param index the chunk's number, from 0
     * @param from the first element of the chunk in the flattened tensor
     * @param to one past its last element
     * @return the formula for the chunk's blocks, which run in order on the chunk's thread
     */
    BlockPass chunk(int index, int from, int to);
  }

  /** The formula of an elementwise transform, applied to one block of elements. */
  @FunctionalInterface
  interface BlockPass {
    /**
     * For {@code j} in {@code [0, length)}: writes {@code out[j]} from {@code in[j]}, which is
     * element {@code at + j} of the tensor ({@code at} is a multiple of 4); {@code out} may be
     * {@code in}, so read {@code in[j]} before writing {@code out[j]}. {@code mean} and {@code
     * variance} hold the block's per-example gradient statistics (also indexed by {@code j}) when
     * the transform {@linkplain GradientTransform#needsGradientStats() needs them}, else null.
     *
     * @param in the block's incoming update, at least {@code length} long
     * @param out receives the block's outgoing update; may be {@code in}
     * @param at the index in the flattened tensor of the block's first element
     * @param length the number of elements in the block, at most {@link BlockPasses#BLOCK}
     * @param mean the block's means of the per-example gradients, or null
     * @param variance the block's population variances of the per-example gradients, or null
     * @return false when a mean or variance is not finite; the pass may then have written part of
     *     {@code out}, and a training step leaves the step to the general path, which reports it
     */
    boolean apply(float[] in, float[] out, int at, int length, float[] mean, float[] variance);
  }
}
