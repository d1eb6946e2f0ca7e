package dev.sngrad.optim;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableList;
import java.util.Optional;

/**
 * What transforms report about an update besides the updates themselves (optax's auxiliary
 * outputs), e.g. the {@link dev.sngrad.optim.snr.SnrDiagnostics} of a signal-to-noise rule: values
 * of any type, in chain order. They are outputs of one update, never part of the optimizer state,
 * so a checkpoint does not hold them. Immutable.
 *
 * @param values the reported values, in the order of the transforms that reported them
 */
public record AuxOutput(ImmutableList<Object> values) {
  private static final AuxOutput NONE = new AuxOutput(ImmutableList.of());

  /**
   * Checks the components.
   *
   * @param values the reported values, in chain order
   * @throws NullPointerException if {@code values} is null
   */
  public AuxOutput {
    checkNotNull(values, "values");
  }

  /**
   * Nothing reported.
   *
   * @return the shared output with no values
   */
  public static AuxOutput none() {
    return NONE;
  }

  /**
   * {@code value} alone.
   *
   * @param value what one transform reports, e.g. its {@link dev.sngrad.optim.snr.SnrDiagnostics}
   * @return an output holding only {@code value}
   * @throws NullPointerException if {@code value} is null
   */
  public static AuxOutput of(Object value) {
    return new AuxOutput(ImmutableList.of(value));
  }

  /**
   * These values followed by {@code other}'s.
   *
   * @param other what a later transform of the chain reports
   * @return the concatenation; this or {@code other} itself when the other one is empty
   */
  public AuxOutput plus(AuxOutput other) {
    if (other.values.isEmpty()) {
      return this;
    }
    if (values.isEmpty()) {
      return other;
    }
    return new AuxOutput(ImmutableList.builder().addAll(values).addAll(other.values).build());
  }

  /**
   * The first value of {@code type} in chain order, if any.
   *
   * @param type the class looked for; subclasses match too
   * @param <T> the type looked for
   * @return the first value that is an instance of {@code type}, or empty when none is
   */
  public <T> Optional<T> first(Class<T> type) {
    for (Object v : values) {
      if (type.isInstance(v)) {
        return Optional.of(type.cast(v));
      }
    }
    return Optional.empty();
  }
}
