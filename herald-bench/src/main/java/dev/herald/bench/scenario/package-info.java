/**
 * The scenarios: {@code connections}, {@code fanout}, {@code push}, {@code latency} and {@code connect-storm}. Each
 * starts the servers it compares one after another (never two at once: they share two cores), measures each the same
 * way, and produces a {@link dev.herald.bench.scenario.Result}: parameters, one row of figures per server, the ratios
 * Herald/ceiling and Herald/peer, and the targets met or missed.
 */
package dev.herald.bench.scenario;
