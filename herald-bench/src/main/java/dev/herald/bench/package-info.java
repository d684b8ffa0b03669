/**
 * Herald's benchmark tool: {@code herald-bench.jar} runs each scenario against Herald, a bare-Netty ceiling and a Node
 * {@code ws} peer in one invocation, prints a table, writes JSON, and renders {@code docs/benchmarks.md}. See
 * {@code bench/run.sh} and {@code docs/benchmarks.md}.
 */
package dev.herald.bench;
