package dev.herald.server.group;

import com.fasterxml.jackson.databind.JsonNode;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

import java.util.List;

/**
 * Renders a group message to HTML that a page may insert as it is. Whatever the poster sent, the result carries no
 * markup of the poster's own: Markdown goes through commonmark-java with raw HTML escaped ({@code <script>} and
 * {@code <img onerror>} become visible text) and every URL — Markdown's, the link card's, buttons', feed links' —
 * checked against {@link #SCHEMES}, so {@code javascript:} and {@code data:} URLs become empty. Thread-safe.
 */
public final class GroupHtml {
    /** URL schemes kept; others are dropped. URLs without a scheme (relative) are kept. */
    static final List<String> SCHEMES = List.of("http", "https", "mailto");

    private static final UrlSanitizer URLS = new DefaultUrlSanitizer(SCHEMES);
    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(URLS)
            .attributeProviderFactory(context -> (node, tag, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "noopener noreferrer nofollow");
                }
            })
            .build();

    private GroupHtml() {
    }

    /** The HTML of a message whose content has been validated for its msgtype. */
    public static String render(String msgtype, JsonNode content) {
        return switch (msgtype) {
            case "text" -> "<p>" + escape(text(content, "content")).replace("\n", "<br>\n") + "</p>\n";
            case "markdown" -> markdown(text(content, "text"));
            case "link" -> "<div class=\"herald-link\">"
                    + link(text(content, "messageUrl"), image(text(content, "picUrl"))
                            + "<strong>" + escape(text(content, "title")) + "</strong>")
                    + "<p>" + escape(text(content, "text")) + "</p></div>\n";
            case "actionCard" -> markdown(text(content, "text")) + buttons(content);
            case "feedCard" -> feed(content.path("links"));
            default -> "<p>" + escape(msgtype) + "</p>\n";
        };
    }

    /** Markdown to HTML, raw HTML escaped and URLs sanitized. */
    public static String markdown(String markdown) {
        return RENDERER.render(PARSER.parse(markdown == null ? "" : markdown));
    }

    /** The action card's buttons: one whole-card button ({@code singleTitle}) wins over {@code btns}. */
    private static String buttons(JsonNode card) {
        StringBuilder out = new StringBuilder("<p class=\"herald-buttons\">");
        if (card.hasNonNull("singleTitle")) {
            out.append(link(text(card, "singleURL"), escape(text(card, "singleTitle"))));
        } else {
            for (JsonNode button : card.path("btns")) {
                out.append(link(text(button, "actionURL"), escape(text(button, "title"))));
            }
        }
        return out.append("</p>\n").toString();
    }

    private static String feed(JsonNode links) {
        StringBuilder out = new StringBuilder("<ul class=\"herald-feed\">");
        for (JsonNode item : links) {
            out.append("<li>")
                    .append(link(text(item, "messageURL"), image(text(item, "picURL")) + escape(text(item, "title"))))
                    .append("</li>");
        }
        return out.append("</ul>\n").toString();
    }

    /** An anchor around already-escaped HTML; without a usable URL, the HTML alone. */
    private static String link(String url, String innerHtml) {
        String safe = url == null ? "" : URLS.sanitizeLinkUrl(url);
        if (safe.isEmpty()) {
            return "<span>" + innerHtml + "</span>";
        }
        return "<a href=\"" + escape(safe) + "\" rel=\"noopener noreferrer nofollow\">" + innerHtml + "</a>";
    }

    private static String image(String url) {
        String safe = url == null ? "" : URLS.sanitizeImageUrl(url);
        return safe.isEmpty() ? "" : "<img src=\"" + escape(safe) + "\" alt=\"\">";
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : "";
    }

    /** Escapes text for an element's content or a double-quoted attribute. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
