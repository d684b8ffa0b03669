package dev.herald.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Numbers and tables as people read them: thousands separated, a sensible number of decimals. */
public final class Format {
    private Format() {
    }

    /** 1234567 → "1,234,567"; 0.01234 → "0.0123"; 12.345 → "12.3"; NaN/null → "–". */
    public static String num(Object v) {
        if (v == null) {
            return "–";
        }
        if (v instanceof Integer || v instanceof Long) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return "–";
            }
            double a = Math.abs(d);
            String f = a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : a >= 0.1 ? "%.3f" : "%.4f";
            return String.format(Locale.ROOT, f, d);
        }
        return String.valueOf(v);
    }

    /**
     * Rows of figures, one per server, turned into lines of cells: a header with the server names, then one line per
     * metric (metrics in first-seen order). A list of numbers — the single runs a median was taken from — is shown as
     * its range, "min – max", so the spread of a noisy figure is on the page next to it; other lists and nested
     * objects are left out.
     */
    public static List<List<String>> transpose(List<Map<String, Object>> rows, String nameKey) {
        Set<String> metrics = new LinkedHashSet<>();
        for (Map<String, Object> r : rows) {
            r.forEach((k, v) -> {
                if (!k.equals(nameKey) && !(v instanceof Map) && (!(v instanceof List<?> l) || numbers(l))) {
                    metrics.add(k);
                }
            });
        }
        List<List<String>> lines = new ArrayList<>();
        List<String> header = new ArrayList<>();
        header.add("");
        rows.forEach(r -> header.add(String.valueOf(r.get(nameKey))));
        lines.add(header);
        for (String m : metrics) {
            List<String> line = new ArrayList<>();
            line.add(m);
            rows.forEach(r -> line.add(r.get(m) instanceof List<?> l ? range(l) : num(r.get(m))));
            lines.add(line);
        }
        return lines;
    }

    private static boolean numbers(List<?> list) {
        return !list.isEmpty() && list.stream().allMatch(Number.class::isInstance);
    }

    /** "min – max" of a list of numbers; "–" for anything else. */
    static String range(List<?> list) {
        if (!numbers(list)) {
            return "–";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Object o : list) {
            double d = ((Number) o).doubleValue();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        return num(min) + " – " + num(max);
    }

    /** Lines of cells as a fixed-width text table. */
    public static String text(List<List<String>> lines) {
        int cols = lines.get(0).size();
        int[] width = new int[cols];
        for (List<String> l : lines) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], l.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> l : lines) {
            for (int i = 0; i < cols; i++) {
                String cell = l.get(i);
                b.append(i == 0 ? String.format("%-" + width[i] + "s", cell)
                        : String.format("  %" + width[i] + "s", cell));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Lines of cells as a Markdown table, the first line being the header; figures right-aligned. */
    public static String markdown(List<List<String>> lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append("| ").append(String.join(" | ", lines.get(i))).append(" |\n");
            if (i == 0) {
                b.append("| --- |");
                b.append(" ---: |".repeat(lines.get(0).size() - 1));
                b.append('\n');
            }
        }
        return b.toString();
    }
}
