/** Turning JSON results into {@code docs/benchmarks.md}, and describing the machine they were measured on. */
package dev.herald.bench.report;
