package dev.herald.server.store.sqlite;

import dev.herald.server.push.Audience;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The stored form of an audience: JPush's key names in a fixed order, values sorted, read back equal. */
class JsonTest {
    @Test
    void anAudienceIsWrittenWithJpushKeysAndSortedValuesAndReadsBackEqual() {
        Audience a = new Audience(false, new LinkedHashSet<>(List.of("r2", "r1")), Set.of("bob"),
                new LinkedHashSet<>(List.of("vip", "beta")), Set.of("x"), Set.of("y"), Set.of("web"));

        String json = Json.audience(a);

        assertThat(json).isEqualTo("{\"registration_id\":[\"r1\",\"r2\"],\"alias\":[\"bob\"],"
                + "\"tag\":[\"beta\",\"vip\"],\"tag_and\":[\"x\"],\"tag_not\":[\"y\"],\"platform\":[\"web\"]}");
        assertThat(Json.audience(json)).isEqualTo(a);
    }

    @Test
    void equalAudiencesAreEqualStringsWhateverTheirSetsOrder() {
        Audience one = new Audience(false, new LinkedHashSet<>(List.of("a", "b", "c")), Set.of(), Set.of(),
                Set.of(), Set.of(), Set.of());
        Audience other = new Audience(false, new LinkedHashSet<>(List.of("c", "a", "b")), Set.of(), Set.of(),
                Set.of(), Set.of(), Set.of());
        assertThat(Json.audience(one)).isEqualTo(Json.audience(other));
    }

    @Test
    void everyoneAndValuesThatNeedEscaping() {
        assertThat(Json.audience(Audience.everyone(Set.of()))).isEqualTo("{\"all\":true}");
        Audience odd = new Audience(false, Set.of(), Set.of("say \"hi\"\\ 你好"), Set.of(), Set.of(), Set.of(),
                Set.of());
        assertThat(Json.audience(Json.audience(odd))).isEqualTo(odd);
    }

    @Test
    void idsAreAJsonArrayWithoutSpaces() {
        assertThat(Json.array(new long[]{3, 10, 9007199254740993L})).isEqualTo("[3,10,9007199254740993]");
        assertThat(Json.array(new long[0])).isEqualTo("[]");
    }
}
