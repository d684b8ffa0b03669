package dev.herald.server.push;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PushFramesTest {
    static final String NOTIFICATION = q("{'alert':'top','android':{'title':'A title','builder_id':1,"
            + "'intent':{'url':'intent:#Intent;end'},'extras':{'order':'A17','n':3}},"
            + "'ios':{'sound':'default','badge':'+1','extras':{'k':'v'}},"
            + "'web':{'alert':'web alert','title':'Web','url':'https://example.com/o/A17'},"
            + "'hmos':{'alert':'h','intent':{'url':'scheme://x'}},"
            + "'voip':{'alert':'not a display block','title':'no'}}");

    static String q(String json) {
        return json.replace('\'', '"');
    }

    /** A message to one registration id (a unicast). */
    static Message message(long id, String notification, String message, long overrideOf) {
        return new Message(id, 7, 18, new Audience(false, Set.of("1a0018970a"), Set.of(), Set.of(), Set.of(),
                Set.of(), Set.of()), notification, message, 1764100000000L, 1764186400000L, overrideOf, null);
    }

    @Test
    void androidBlockWithIntentUrl() {
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), "android")).containsExactly(q(
                "{'op':'push','id':'1045','kind':'notification','title':'A title','alert':'top',"
                        + "'url':'intent:#Intent;end','extras':{'order':'A17','n':3},'ts':1764100000000}"));
    }

    @Test
    void iosBlockFallsBackToTopLevelAlert() {
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), "ios")).containsExactly(q(
                "{'op':'push','id':'1045','kind':'notification','title':null,'alert':'top','url':null,"
                        + "'extras':{'k':'v'},'ts':1764100000000}"));
    }

    @Test
    void webBlockOverridesAlertAndHasUrl() {
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), "web")).containsExactly(q(
                "{'op':'push','id':'1045','kind':'notification','title':'Web','alert':'web alert',"
                        + "'url':'https://example.com/o/A17','extras':{},'ts':1764100000000}"));
    }

    @Test
    void intentUrlIsAndroidOnly() {
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), "hmos")).containsExactly(q(
                "{'op':'push','id':'1045','kind':'notification','title':null,'alert':'h','url':null,'extras':{},"
                        + "'ts':1764100000000}"));
    }

    @Test
    void platformWithoutABlockGetsTheTopLevelAlert() {
        String expected = q("{'op':'push','id':'1045','kind':'notification','title':null,'alert':'top','url':null,"
                + "'extras':{},'ts':1764100000000}");
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), "java")).containsExactly(expected);
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), "voip")).containsExactly(expected);
        assertThat(PushFrames.render(message(1045, NOTIFICATION, null, 0), null)).containsExactly(expected);
    }

    @Test
    void iosApnsAlertDictionary() {
        String n = q("{'ios':{'alert':{'title':'T','subtitle':'S','body':'B'}}}");
        assertThat(PushFrames.render(message(1, n, null, 0), "ios")).containsExactly(q(
                "{'op':'push','id':'1','kind':'notification','title':'T','alert':'B','url':null,'extras':{},"
                        + "'ts':1764100000000}"));
    }

    @Test
    void messageFrame() {
        String m = q("{'msg_content':'payload','title':'t','content_type':'text','extras':{'a':[1,2]}}");
        assertThat(PushFrames.render(message(9, null, m, 0), "web")).containsExactly(q(
                "{'op':'push','id':'9','kind':'message','msg_content':'payload','title':'t','content_type':'text',"
                        + "'extras':{'a':[1,2]},'ts':1764100000000}"));
        assertThat(PushFrames.render(message(9, null, q("{'msg_content':'only'}"), 0), "android")).containsExactly(q(
                "{'op':'push','id':'9','kind':'message','msg_content':'only','title':null,'content_type':null,"
                        + "'extras':{},'ts':1764100000000}"));
    }

    @Test
    void bothPartsAreTwoFramesWithOneIdNotificationFirst() {
        List<String> frames = PushFrames.render(message(77, q("{'alert':'hi'}"), q("{'msg_content':'c'}"), 0), "web");
        assertThat(frames).hasSize(2);
        assertThat(frames.get(0)).contains("\"kind\":\"notification\"", "\"id\":\"77\"");
        assertThat(frames.get(1)).contains("\"kind\":\"message\"", "\"id\":\"77\"");
    }

    @Test
    void broadcastsSaySoAndUnicastsDoNot() {
        Message broadcast = new Message(5, 7, 18, Audience.everyone(Set.of()), null, q("{'msg_content':'c'}"),
                1764100000000L, 1764186400000L, 0, null);
        assertThat(PushFrames.render(broadcast, "web")).containsExactly(q(
                "{'op':'push','id':'5','kind':'message','msg_content':'c','title':null,'content_type':null,"
                        + "'extras':{},'ts':1764100000000,'broadcast':true}"));
        assertThat(PushFrames.render(message(5, null, q("{'msg_content':'c'}"), 0), "web").get(0))
                .doesNotContain("broadcast");
    }

    @Test
    void overrideNamesTheReplacedId() {
        assertThat(PushFrames.render(message(1046, null, q("{'msg_content':'c'}"), 1045), "web")).containsExactly(q(
                "{'op':'push','id':'1046','kind':'message','msg_content':'c','title':null,'content_type':null,"
                        + "'extras':{},'ts':1764100000000,'override':'1045'}"));
    }

    @Test
    void idsPast2To53StayExact() {
        String frame = PushFrames.render(message(9007199254740993L, q("{'alert':'x'}"), null, 9007199254740995L),
                "web").get(0);
        assertThat(frame).contains("\"id\":\"9007199254740993\"", "\"override\":\"9007199254740995\"");
    }

    @Test
    void escapesAndUnicodeSurviveAsValidJson() throws Exception {
        String n = PushJson.MAPPER.createObjectNode().put("alert", "say \"hi\"\n\\ 你好 😀 </script>").toString();
        String frame = PushFrames.render(message(3, n, null, 0), "web").get(0);
        JsonNode read = PushJson.MAPPER.readTree(frame);
        assertThat(read.get("alert").textValue()).isEqualTo("say \"hi\"\n\\ 你好 😀 </script>");
        assertThat(frame).contains("你好 😀"); // as UTF-8 (4 bytes for the emoji), not its surrogates escaped (12)
    }

    @Test
    void rendersWhatTheParserAccepted() throws Exception {
        PushRequest r = PushParser.parse(q("{'platform':'all','audience':'all','notification':{'alert':'hi',"
                + "'android':{'title':'T','extras':{'x':1}}},'message':{'msg_content':'m'}}")
                .getBytes(StandardCharsets.UTF_8));
        Message m = message(5, PushJson.MAPPER.writeValueAsString(r.notification()),
                PushJson.MAPPER.writeValueAsString(r.message()), 0);
        assertThat(PushFrames.render(m, "android")).containsExactly(
                q("{'op':'push','id':'5','kind':'notification','title':'T','alert':'hi','url':null,'extras':{'x':1},"
                        + "'ts':1764100000000}"),
                q("{'op':'push','id':'5','kind':'message','msg_content':'m','title':null,'content_type':null,"
                        + "'extras':{},'ts':1764100000000}"));
    }

    /** The push service renders from the request's trees, the rest from the stored JSON: the same bytes. */
    @Test
    void templatesFromTheRequestEqualThoseFromTheStoredJson() {
        PushRequest r = PushParser.parse(q("{'platform':'all','audience':'all','notification':" + NOTIFICATION
                + ",'message':{'msg_content':'m','extras':{'a':[1,{'b':null}]}},'options':{'override_msg_id':9}}")
                .getBytes(StandardCharsets.UTF_8));
        Message stored = new Message(12, 7, 0, r.audience(), r.notificationJson(), r.messageJson(), 1764100000000L,
                1764186400000L, 9, null);
        for (String platform : List.of("android", "ios", "web", "hmos", "voip")) {
            List<String> fromTrees = PushFrames.templates(stored.withId(0), r.notification(), r.message(), platform)
                    .stream().map(t -> PushFrames.withId(t, 12)).toList();
            assertThat(fromTrees).hasSize(2).containsExactlyElementsOf(PushFrames.render(stored, platform));
        }
    }

    @Test
    void theIdGoesIntoTheTemplatesGap() {
        byte[] template = PushFrames.templates(message(0, q("{'alert':'x'}"), null, 0), "web").get(0);
        assertThat(new String(template, StandardCharsets.UTF_8)).startsWith(q("{'op':'push','id':'','kind'"));
        assertThat(PushFrames.withId(template, 31)).startsWith(q("{'op':'push','id':'31','kind'"));
    }

    @Test
    void nothingToRender() {
        assertThat(PushFrames.render(message(1, null, null, 0), "web")).isEmpty();
    }

    @Test
    void corruptStoredJsonIsABug() {
        assertThatThrownBy(() -> PushFrames.render(message(1, "{not json", null, 0), "web"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("message 1");
    }
}
