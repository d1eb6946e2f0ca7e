/**
 * Checks for a user's own ops, layers and rules, the same ones sngrad's own code passes: AssertJ
 * assertions on tensors and parameters ({@link dev.sngrad.testkit.SngradAssertions}), gradient
 * checks against finite differences ({@link dev.sngrad.testkit.GradientAssertions}, on
 * sngrad-autodiff's {@code GradCheck}), the per-example oracle ({@link
 * dev.sngrad.testkit.PerExampleOracle}) and the op-table harness ({@link
 * dev.sngrad.testkit.OpCase}, {@link dev.sngrad.testkit.OpHarness}).
 */
package dev.sngrad.testkit;
