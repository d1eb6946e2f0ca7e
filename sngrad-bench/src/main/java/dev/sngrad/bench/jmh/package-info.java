/** JMH benchmarks; each returns its result so that the JIT cannot remove the work. */
package dev.sngrad.bench.jmh;
