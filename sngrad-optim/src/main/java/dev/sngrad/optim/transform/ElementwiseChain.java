package dev.sngrad.optim.transform;

import com.google.common.collect.ImmutableList;
import dev.sngrad.autodiff.PerExampleReduction;
import dev.sngrad.autodiff.tensor.Params;
import dev.sngrad.autodiff.tensor.Shape;
import dev.sngrad.optim.AuxOutput;
import dev.sngrad.optim.ElementwiseTransform;
import dev.sngrad.optim.GradientTransform;
import dev.sngrad.optim.OptState;
import dev.sngrad.optim.StepContext;
import java.util.Set;

/**
 * Sequential composition of elementwise transforms, itself elementwise: on each block the first
 * member maps the input to the output array and every later member maps that array in place, so
 * the whole chain runs while the block is in cache. Knows nothing of its members but their
 * capability. See {@link Transforms#chain}.
 */
record ElementwiseChain(ImmutableList<ElementwiseTransform<?>> transforms)
    implements ElementwiseTransform<ChainState> {
  @Override
  public ChainState init(Params params) {
    return Chain.initAll(transforms, params);
  }

  @Override
  public Pass<ChainState> start(ChainState state, StepContext ctx) {
    Chain.checkSubStates(transforms, state);
    Pass<?>[] passes = new Pass<?>[transforms.size()];
    for (int i = 0; i < passes.length; i++) {
      passes[i] = startOne(transforms.get(i), state.states().get(i), ctx, i);
    }
    return new Pass<>() {
      @Override
      public TensorPass tensor(String name, Shape shape, int chunks) {
        TensorPass[] tensors = new TensorPass[passes.length];
        for (int i = 0; i < passes.length; i++) {
          tensors[i] = passes[i].tensor(name, shape, chunks);
        }
        return (index, from, to) -> {
          BlockPass[] blocks = new BlockPass[tensors.length];
          for (int i = 0; i < tensors.length; i++) {
            blocks[i] = tensors[i].chunk(index, from, to);
          }
          return (in, out, at, length, mean, variance) -> {
            float[] source = in;
            for (BlockPass b : blocks) {
              if (!b.apply(source, out, at, length, mean, variance)) {
                return false;
              }
              source = out;
            }
            return true;
          };
        };
      }

      @Override
      public Outcome<ChainState> finish() {
        ImmutableList.Builder<OptState> states = ImmutableList.builderWithExpectedSize(passes.length);
        AuxOutput aux = AuxOutput.none();
        for (Pass<?> p : passes) {
          Outcome<?> o = p.finish();
          states.add(o.state());
          aux = aux.plus(o.aux());
        }
        return new Outcome<>(new ChainState(states.build()), aux);
      }
    };
  }

  private static <S extends OptState> Pass<S> startOne(
      ElementwiseTransform<S> transform, OptState state, StepContext ctx, int index) {
    return transform.start(Chain.subState(transform, state, index), ctx);
  }

  @Override
  public Class<ChainState> stateType() {
    return ChainState.class;
  }

  @Override
  public boolean needsGradientStats() {
    return Chain.anyNeedsGradientStats(transforms);
  }

  @Override
  public Set<PerExampleReduction> perExampleReductions() {
    return Chain.unionOfReductions(transforms);
  }
}
