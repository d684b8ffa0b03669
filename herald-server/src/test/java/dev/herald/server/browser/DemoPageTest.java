package dev.herald.server.browser;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.server.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated;
import static org.openqa.selenium.support.ui.ExpectedConditions.textToBe;

/**
 * The demo page in a real browser (headless Chromium): it connects over WebSocket, registers the device, shows a push
 * sent with the JPush API, and acknowledges it, which the status API then reports.
 */
class DemoPageTest {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    TestServer t;
    HeadlessChromium browser;

    @BeforeEach
    void start() throws Exception {
        t = TestServer.start(Files.createDirectory(dir.resolve("data")));
        browser = HeadlessChromium.start(Files.createDirectory(dir.resolve("browser")));
    }

    @AfterEach
    void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (t != null) {
                t.close();
            }
        }
    }

    @Test
    void demoPageRegistersShowsAndAcknowledgesAPush() {
        var driver = browser.driver;
        driver.get("http://127.0.0.1:" + t.port() + "/demo?appKey=" + t.app.appKey());
        WebDriverWait wait = new WebDriverWait(driver, TIMEOUT);
        wait.until(textToBe(By.id("state"), "connected"));
        String rid = wait.until(d -> {
            String text = d.findElement(By.id("rid")).getText().trim();
            return text.isEmpty() || text.equals("–") ? null : text;
        });
        assertThat(t.server.store().findDevices(t.app.id(), Set.of(rid))).containsKey(rid);

        String alert = "Hello from the browser test ✓";
        String id = t.push(t.app, "{\"platform\":\"all\",\"audience\":{\"registration_id\":[\"" + rid + "\"]},"
                + "\"notification\":{\"alert\":\"" + alert + "\"}}");

        WebElement shown = wait.until(presenceOfElementLocated(By.cssSelector("li.push[data-id='" + id + "']")));
        assertThat(shown.getDomAttribute("data-kind")).isEqualTo("notification");
        assertThat(shown.findElement(By.cssSelector(".body")).getText()).isEqualTo(alert);

        // The page acks every push it gets; the status API answers 0 ("received") once that ack is stored.
        String statusQuery = "{\"msg_id\":\"" + id + "\",\"registration_ids\":[\"" + rid + "\"]}";
        int status = new FluentWait<>(t).withTimeout(TIMEOUT).pollingEvery(Duration.ofMillis(50))
                .withMessage(() -> "the page's ack of " + id + " was not recorded")
                .until(server -> {
                    JsonNode body = TestServer.json(server.post("/v3/status/message", server.app, statusQuery)
                            .body());
                    int s = body.path(rid).path("status").asInt(-1);
                    return s == 0 ? s : null;
                });
        assertThat(status).isZero();
    }
}
