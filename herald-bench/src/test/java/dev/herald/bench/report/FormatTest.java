package dev.herald.bench.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {
    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void theRunsBehindAMedianAreShownAsTheirRange() {
        List<List<String>> lines = Format.transpose(List.of(
                row("target", "herald", "rate", 1_316_587.3,
                        "rate_runs", List.of(1_016_361.0, 1_461_292.0, 1_316_587.3)),
                row("target", "ceiling", "rate", 1_177_097.4, "rate_runs", List.of(837_477.0, 1_947_350.0))),
                "target");
        assertThat(lines).containsExactly(
                List.of("", "herald", "ceiling"),
                List.of("rate", "1,316,587", "1,177,097"),
                List.of("rate_runs", "1,016,361 – 1,461,292", "837,477 – 1,947,350"));
    }

    @Test
    void nestedObjectsListsOfTextAndEmptyListsAreLeftOut() {
        List<List<String>> lines = Format.transpose(List.of(
                row("target", "herald", "n", 3L, "failures", List.of("timeout"), "none", List.of(),
                        "machine", Map.of("cores", 2))), "target");
        assertThat(lines).containsExactly(List.of("", "herald"), List.of("n", "3"));
    }

    @Test
    void aServerWithoutTheRunsGetsADash() {
        List<List<String>> lines = Format.transpose(List.of(
                row("target", "herald", "rate_runs", List.of(2.0, 1.5)),
                row("target", "peer")), "target");
        assertThat(lines.get(1)).containsExactly("rate_runs", "1.500 – 2.000", "–");
    }
}
