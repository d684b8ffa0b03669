package dev.herald.server.gateway;

import dev.herald.server.api.ApiResponse;
import dev.herald.server.api.ErrorStyle;
import dev.herald.server.api.Router;
import dev.herald.server.error.HeraldError;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes that answer once the store has committed (the push API): the response is written when the handler's future
 * completes, on the connection's loop, and the connection then reads its next request. Over EmbeddedChannel.
 */
class AsyncRouteTest {
    private CompletableFuture<ApiResponse> pending = new CompletableFuture<>();

    private EmbeddedChannel channel() {
        return HttpChannels.open(router());
    }

    private Router router() {
        return new Router()
                .addAsync(HttpMethod.POST, "/v3/push", ErrorStyle.JPUSH_PUSH, r -> pending)
                .add(HttpMethod.GET, "/v3/now", ErrorStyle.JPUSH_PUSH, r -> ApiResponse.ok(Map.of("now", 1)));
    }

    private static String request(EmbeddedChannel ch, String method, String path) {
        ch.writeInbound(Unpooled.copiedBuffer(method + " " + path + " HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n",
                StandardCharsets.US_ASCII));
        return output(ch);
    }

    private static String output(EmbeddedChannel ch) {
        ch.runPendingTasks();
        return HttpChannels.drain(ch);
    }

    @Test
    void theAnswerIsWrittenWhenTheFutureCompletesAndTheConnectionReadsOn() {
        EmbeddedChannel ch = channel();
        assertThat(request(ch, "POST", "/v3/push")).isEmpty();
        assertThat(ch.config().isAutoRead()).isTrue(); // reading pauses only when a second request arrives meanwhile

        CompletableFuture.runAsync(() -> pending.complete(ApiResponse.ok(Map.of("msg_id", "7")))).join();
        String answer = output(ch);
        assertThat(answer).startsWith("HTTP/1.1 200").contains("\"msg_id\":\"7\"");
        assertThat(ch.config().isAutoRead()).isTrue();
        assertThat(request(ch, "GET", "/v3/now")).startsWith("HTTP/1.1 200").contains("\"now\":1");
        ch.finishAndReleaseAll();
    }

    @Test
    void pipelinedRequestsWaitAndAreAnsweredInOrder() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer("POST /v3/push HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"
                + "GET /v3/now HTTP/1.1\r\nHost: h\r\n\r\n", StandardCharsets.US_ASCII));
        assertThat(output(ch)).isEmpty(); // the second waits for the first, which waits for the store
        assertThat(ch.config().isAutoRead()).isFalse();

        pending.complete(ApiResponse.ok(Map.of("msg_id", "9")));
        String answers = output(ch);
        assertThat(answers).startsWith("HTTP/1.1 200").contains("\"msg_id\":\"9\"").contains("\"now\":1");
        assertThat(answers.indexOf("msg_id")).isLessThan(answers.indexOf("\"now\""));
        assertThat(ch.config().isAutoRead()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aRefusalThatArrivesLaterIsAnsweredInTheRoutesErrorStyle() {
        EmbeddedChannel ch = channel();
        request(ch, "POST", "/v3/push");
        pending.completeExceptionally(HeraldError.NO_TARGET.exception("nobody"));
        assertThat(output(ch)).startsWith("HTTP/1.1 400").contains("1011").contains("nobody");
        ch.finishAndReleaseAll();
    }

    @Test
    void aStoreFailureIsAnInternalErrorWithoutItsDetails() {
        EmbeddedChannel ch = channel();
        request(ch, "POST", "/v3/push");
        pending.completeExceptionally(new IllegalStateException("disk on fire"));
        assertThat(output(ch)).startsWith("HTTP/1.1 500").contains("1000").doesNotContain("disk on fire");
        ch.finishAndReleaseAll();
    }

    @Test
    void routesThatNeverWaitForACommitRunOnTheirOwnPool() {
        pending = CompletableFuture.completedFuture(ApiResponse.ok(Map.of("msg_id", "8")));
        List<String> ranOn = new ArrayList<>();
        EmbeddedChannel ch = HttpChannels.open(router(), task -> {
            ranOn.add("workers");
            task.run();
        }, task -> {
            ranOn.add("async");
            task.run();
        });
        assertThat(request(ch, "POST", "/v3/push")).startsWith("HTTP/1.1 200");
        assertThat(request(ch, "GET", "/v3/now")).startsWith("HTTP/1.1 200");
        assertThat(ranOn).containsExactly("async", "workers");
        ch.finishAndReleaseAll();
    }

    /** A route on the loop runs where the request was read, on no pool; what it hands to its worker is its own. */
    @Test
    void routesOnTheLoopRunWhereTheRequestWasRead() {
        List<String> ranOn = new ArrayList<>();
        List<Boolean> onLoop = new ArrayList<>();
        Router router = new Router().addOnLoop(HttpMethod.POST, "/v3/push", ErrorStyle.JPUSH_PUSH, r -> {
            onLoop.add(r.replies() instanceof io.netty.channel.EventLoop loop && loop.inEventLoop());
            return CompletableFuture.supplyAsync(() -> ApiResponse.ok(Map.of("msg_id", "5")), r.worker());
        });
        EmbeddedChannel ch = HttpChannels.open(router, task -> {
            ranOn.add("workers");
            task.run();
        }, task -> {
            ranOn.add("api");
            task.run();
        });
        assertThat(request(ch, "POST", "/v3/push")).startsWith("HTTP/1.1 200").contains("\"msg_id\":\"5\"");
        assertThat(onLoop).containsExactly(true);
        assertThat(ranOn).containsExactly("api"); // the handler's own hand-off, not the gateway's
        ch.finishAndReleaseAll();
    }

    /** A handler on the loop whose worker refuses the request answers 503, in the route's error style. */
    @Test
    void aLoopRouteWhoseWorkerIsFullAnswersOverloaded() {
        Router router = new Router().addOnLoop(HttpMethod.POST, "/v3/push", ErrorStyle.JPUSH_PUSH,
                r -> CompletableFuture.supplyAsync(() -> ApiResponse.ok(Map.of()), r.worker()));
        EmbeddedChannel ch = HttpChannels.open(router, Runnable::run, task -> {
            throw new RejectedExecutionException("full");
        });
        assertThat(request(ch, "POST", "/v3/push")).startsWith("HTTP/1.1 503").contains("overloaded");
        ch.finishAndReleaseAll();
    }

    @Test
    void aHandlerThatAnswersAtOnceIsWrittenAtOnce() {
        pending = CompletableFuture.completedFuture(ApiResponse.ok(Map.of("msg_id", "8")));
        EmbeddedChannel ch = channel();
        assertThat(request(ch, "POST", "/v3/push")).startsWith("HTTP/1.1 200").contains("\"msg_id\":\"8\"");
        ch.finishAndReleaseAll();
    }
}
