package dev.herald.bench.scenario;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Medians and percentile summaries. */
final class Stats {
    private Stats() {
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** p50, p90, p99, p99.9 and max of a nanosecond histogram, in milliseconds, keyed {@code prefix_p99_ms}. */
    static Map<String, Object> percentiles(String prefix, Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(prefix + "_p50_ms", millis(h.getValueAtPercentile(50)));
        m.put(prefix + "_p90_ms", millis(h.getValueAtPercentile(90)));
        m.put(prefix + "_p99_ms", millis(h.getValueAtPercentile(99)));
        m.put(prefix + "_p99.9_ms", millis(h.getValueAtPercentile(99.9)));
        m.put(prefix + "_max_ms", millis(h.getMaxValue()));
        return m;
    }

    static double ratio(Object a, Object b) {
        if (!(a instanceof Number x) || !(b instanceof Number y) || y.doubleValue() == 0) {
            return Double.NaN;
        }
        return x.doubleValue() / y.doubleValue();
    }
}
