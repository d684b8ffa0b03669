package dev.herald.server.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class PushJsonTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "plain ascii", "é and ß", "中文 推送", "emoji 😀 and 𝄞",
            "mixed: a é 中 😀 z", "{\"alert\":\"Hi, JPush!\",\"extras\":{\"k\":\"值\"}}"})
    void utf8LengthCountsWhatTheEncoderWrites(String text) {
        assertThat(PushJson.utf8Length(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"alert\":\"中文\",\"extras\":{\"😀\":[1,2.5,true,null]}}",
            "{\"msg_content\":\"x\"}"})
    void theSizeCountedIsTheStoredTextsAndTheTextReadsBackAsTheTree(String json) throws Exception {
        ObjectNode tree = (ObjectNode) PushJson.MAPPER.readTree(json);
        String stored = PushRequest.text(tree);
        assertThat(PushJson.utf8Length(stored)).isEqualTo(json.getBytes(StandardCharsets.UTF_8).length);
        assertThat(PushJson.MAPPER.readTree(stored)).isEqualTo(tree);
    }

    @Test
    void aLoneSurrogateCountsThreeBytesAndNullNothing() {
        assertThat(PushJson.utf8Length("a\uD800b")).isEqualTo(5);
        assertThat(PushJson.utf8Length(null)).isZero();
    }
}
