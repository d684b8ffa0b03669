package dev.herald.bench.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.herald.bench.report.Format;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scenario's outcome: parameters, a row of figures per server, ratios, the targets with met/missed, and
 * notes. Printed as a table and written as {@code <scenario>.json}, which the report reads back.
 */
public final class Result {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> parameters = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();
    private final Map<String, Object> ratios = new LinkedHashMap<>();
    private final List<Map<String, Object>> goals = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Result(String scenario, boolean quick, Map<String, Object> machine) {
        root.put("scenario", scenario);
        root.put("quick", quick);
        root.put("started", Instant.now().toString());
        root.put("machine", machine);
        root.put("parameters", parameters);
        root.put("targets", rows);
        root.put("ratios", ratios);
        root.put("goals", goals);
        root.put("notes", notes);
    }

    public String scenario() {
        return (String) root.get("scenario");
    }

    public Result param(String name, Object value) {
        parameters.put(name, value);
        return this;
    }

    /** A new row of figures for a server. */
    public Map<String, Object> row(String target) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("target", target);
        rows.add(r);
        return r;
    }

    /** The row of a server, or null if it was not measured. */
    public Map<String, Object> rowOf(String target) {
        return rows.stream().filter(r -> target.equals(r.get("target"))).findFirst().orElse(null);
    }

    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** Records {@code a.metric / b.metric} if both servers were measured. */
    public void ratio(String metric, String a, String b) {
        Map<String, Object> ra = rowOf(a);
        Map<String, Object> rb = rowOf(b);
        if (ra != null && rb != null) {
            ratios.put(a + "/" + b + " " + metric, Stats.ratio(ra.get(metric), rb.get(metric)));
        }
    }

    public Object ratioValue(String metric, String a, String b) {
        return ratios.get(a + "/" + b + " " + metric);
    }

    /** One of the targets: what, the target as written, what was measured, and whether it was met. */
    public void goal(String what, String target, Object measured, boolean met) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("what", what);
        g.put("target", target);
        g.put("measured", measured instanceof String s ? s : Format.num(measured));
        g.put("met", met);
        goals.add(g);
    }

    /** A target of at least {@code min}; when missed, by how much: {@code min / value}. */
    public void atLeast(String what, String target, double value, double min) {
        goal(what, target, value, value >= min);
        if (value < min) {
            goals.get(goals.size() - 1).put("missed_by", Format.num(min / value) + " × too low");
        }
    }

    /** A target of at most {@code max}; when missed, by how much: {@code value / max}. */
    public void atMost(String what, String target, double value, double max) {
        goal(what, target, value, value <= max);
        if (value > max) {
            goals.get(goals.size() - 1).put("missed_by", Format.num(value / max) + " × too high");
        }
    }

    public void note(String note) {
        notes.add(note);
    }

    public void print(PrintStream out) {
        out.println();
        out.println("== " + scenario() + " " + parameters);
        if (!rows.isEmpty()) {
            out.print(Format.text(Format.transpose(rows, "target")));
        }
        ratios.forEach((k, v) -> out.println("ratio " + k + ": " + Format.num(v)));
        for (Map<String, Object> g : goals) {
            String by = g.containsKey("missed_by") ? ", " + g.get("missed_by") : "";
            out.println(((Boolean) g.get("met") ? "MET    " : "MISSED ") + g.get("what") + ": " + g.get("measured")
                    + " (target " + g.get("target") + ")" + by);
        }
        notes.forEach(n -> out.println("note: " + n));
        out.flush();
    }

    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(scenario() + ".json");
        JSON.writeValue(file.toFile(), root);
        return file;
    }
}
