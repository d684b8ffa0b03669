package dev.herald.server.robot;

import dev.herald.server.group.GroupPost;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading DingTalk bodies: the five types, the at object, and errors that name the field. */
class RobotMessagesTest {
    private static GroupPost parse(String json) {
        return RobotMessages.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void refused(String json, int errcode, String errmsg) {
        assertThatThrownBy(() -> parse(json)).as(json).isInstanceOfSatisfying(RobotRefusal.class, e -> {
            assertThat(e.errcode()).isEqualTo(errcode);
            assertThat(e.errmsg()).startsWith(errmsg);
        });
    }

    @Test
    void readsTheContentAsPostedAndTheAtObject() {
        GroupPost p = parse("{\"msgtype\":\"text\",\"text\":{\"content\":\"hi @138\",\"extra\":1},"
                + "\"at\":{\"atMobiles\":[\"138\",13900000000],\"atUserIds\":[\"u1\"],\"isAtAll\":\"true\"}}");
        assertThat(p.msgtype()).isEqualTo("text");
        assertThat(p.content().toString()).isEqualTo("{\"content\":\"hi @138\",\"extra\":1}");
        assertThat(p.at().atMobiles()).containsExactly("138", "13900000000");
        assertThat(p.at().atUserIds()).containsExactly("u1");
        assertThat(p.at().isAtAll()).isTrue();
        assertThat(parse("{\"msgtype\":\"markdown\",\"markdown\":{\"title\":\"t\",\"text\":\"x\"}}").at().anyone())
                .isFalse();
    }

    @Test
    void keywordsAreSearchedInTextsButNotInUrls() {
        GroupPost p = parse("{\"msgtype\":\"link\",\"link\":{\"title\":\"Deploy\",\"text\":\"done\","
                + "\"messageUrl\":\"https://alert.example\",\"picUrl\":\"https://alert.example/p\"}}");
        assertThat(RobotMessages.searchableText(p)).contains("Deploy", "done").doesNotContain("alert");
    }

    @Test
    void everyMissingOrMalformedFieldIsNamed() {
        refused("", 40035, "missing parameter json");
        refused("{\"msgtype\":", 40035, "invalid parameter json: malformed JSON at line 1");
        refused("[1]", 40035, "invalid parameter json");
        refused("{}", 40035, "missing parameter msgtype");
        refused("{\"msgtype\":7}", 40035, "invalid parameter msgtype");
        refused("{\"msgtype\":\"image\"}", 400105, "unsupported msgtype image");
        refused("{\"msgtype\":\"text\"}", 40035, "missing parameter text");
        refused("{\"msgtype\":\"text\",\"text\":\"hi\"}", 40035, "invalid parameter text: must be an object");
        refused("{\"msgtype\":\"text\",\"text\":{}}", 40035, "missing parameter text.content");
        refused("{\"msgtype\":\"text\",\"text\":{\"content\":5}}", 40035, "invalid parameter text.content");
        refused("{\"msgtype\":\"link\",\"link\":{\"title\":\"t\",\"text\":\"x\"}}", 40035,
                "missing parameter link.messageUrl");
        refused("{\"msgtype\":\"markdown\",\"markdown\":{\"text\":\"x\"}}", 40035,
                "missing parameter markdown.title");
        refused("{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\"}}", 40035,
                "missing parameter actionCard.singleTitle or actionCard.btns");
        refused("{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"s\"}}",
                40035, "missing parameter actionCard.singleURL");
        refused("{\"msgtype\":\"actionCard\",\"actionCard\":{\"title\":\"t\",\"text\":\"x\",\"btns\":[{\"title\":\"b\"}]}}",
                40035, "missing parameter actionCard.btns[0].actionURL");
        refused("{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[]}}", 40035,
                "invalid parameter feedCard.links");
        refused("{\"msgtype\":\"feedCard\",\"feedCard\":{\"links\":[{\"title\":\"t\"}]}}", 40035,
                "missing parameter feedCard.links[0].messageURL");
        refused("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":[]}", 40035, "invalid parameter at");
        refused("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"atMobiles\":\"138\"}}", 40035,
                "invalid parameter at.atMobiles");
        refused("{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"},\"at\":{\"isAtAll\":1}}", 40035,
                "invalid parameter at.isAtAll");
    }
}
