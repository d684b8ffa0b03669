package dev.herald.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Rendering group messages to HTML: real Markdown, every message type, and nothing a poster sends runs. */
class GroupHtmlTest {
    private static String render(String msgtype, String content) {
        JsonNode node = TestServer.json(content);
        return GroupHtml.render(msgtype, node);
    }

    @Test
    void markdownIsRendered() {
        String html = GroupHtml.markdown("# Build\n\n**red** on [main](https://ci.example/1)\n\n- a\n- b");
        assertThat(html).contains("<h1>Build</h1>", "<strong>red</strong>", "<li>a</li>")
                .contains("<a rel=\"noopener noreferrer nofollow\" href=\"https://ci.example/1\">main</a>");
    }

    @Test
    void markdownWithScriptImgOnerrorAndJavascriptLinksRendersInert() {
        String html = GroupHtml.markdown("<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
                + "[x](javascript:alert(3)) [y](JavaScript:alert(4)) ![z](javascript:alert(5)) "
                + "[d](data:text/html;base64,PHNjcmlwdD4=) <a href=\"javascript:alert(6)\">a</a>");
        // what is left of them is text: escaped markup, and links and images without a URL
        assertThat(html).doesNotContain("<script", "<img src=x", "<a href")
                .doesNotContainPattern("(?i)(href|src)=\"\\s*(javascript|data):")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
                        "&lt;a href=&quot;javascript:alert(6)&quot;&gt;a&lt;/a&gt;",
                        "<a rel=\"noopener noreferrer nofollow\" href=\"\">x</a>", "<img src=\"\" alt=\"z\" />");
    }

    @Test
    void textIsEscapedWithLineBreaks() {
        assertThat(render("text", "{\"content\":\"<b>hi</b> & \\\"you\\\"\\nbye\"}"))
                .isEqualTo("<p>&lt;b&gt;hi&lt;/b&gt; &amp; &quot;you&quot;<br>\nbye</p>\n");
    }

    @Test
    void linkCardIsALinkWithItsPicture() {
        String html = render("link", "{\"title\":\"Release <1>\",\"text\":\"notes\","
                + "\"messageUrl\":\"https://x.example/r?a=1&b=2\",\"picUrl\":\"https://x.example/p.png\"}");
        assertThat(html).contains("<a href=\"https://x.example/r?a=1&amp;b=2\"",
                "<img src=\"https://x.example/p.png\" alt=\"\">", "<strong>Release &lt;1&gt;</strong>",
                "<p>notes</p>");
    }

    @Test
    void actionCardButtonsAreLinksAndSingleWins() {
        String buttons = render("actionCard", "{\"title\":\"t\",\"text\":\"## Deploy?\",\"btns\":["
                + "{\"title\":\"Yes\",\"actionURL\":\"https://x.example/yes\"},"
                + "{\"title\":\"No\",\"actionURL\":\"javascript:alert(1)\"}]}");
        assertThat(buttons).contains("<h2>Deploy?</h2>", ">Yes</a>", "<span>No</span>")
                .doesNotContain("javascript");
        String single = render("actionCard", "{\"title\":\"t\",\"text\":\"x\",\"singleTitle\":\"Open\","
                + "\"singleURL\":\"https://x.example/o\",\"btns\":[{\"title\":\"Ignored\",\"actionURL\":\"https://i\"}]}");
        assertThat(single).contains("<a href=\"https://x.example/o\"", ">Open</a>").doesNotContain("Ignored");
    }

    @Test
    void feedCardLinksAreListItems() {
        String html = render("feedCard", "{\"links\":[{\"title\":\"One\",\"messageURL\":\"https://x.example/1\","
                + "\"picURL\":\"https://x.example/1.png\"},{\"title\":\"<Two>\",\"messageURL\":\"vbscript:x\"}]}");
        assertThat(html).startsWith("<ul class=\"herald-feed\"><li><a href=\"https://x.example/1\"")
                .contains("<img src=\"https://x.example/1.png\" alt=\"\">One</a></li>",
                        "<li><span>&lt;Two&gt;</span></li>")
                .doesNotContain("vbscript");
    }
}
