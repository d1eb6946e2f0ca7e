/**
 * sngrad's benchmarks and experiments. JMH benchmarks live in {@link dev.sngrad.bench.jmh} and are
 * shaded into {@code sngrad-bench/target/benchmarks.jar} ({@code java -jar
 * sngrad-bench/target/benchmarks.jar -h}).
 */
package dev.sngrad.bench;
