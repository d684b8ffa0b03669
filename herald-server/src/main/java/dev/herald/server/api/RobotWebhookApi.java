package dev.herald.server.api;

import dev.herald.server.Json;
import dev.herald.server.robot.RobotRefusal;
import dev.herald.server.robot.RobotWebhook;
import io.netty.handler.codec.http.HttpMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /robot/send?access_token=..[&timestamp=..&sign=..]}: the DingTalk custom robot webhook. Like DingTalk it
 * always answers HTTP 200 with {@code {"errcode":..,"errmsg":..}}, 0 and "ok" on success, so existing senders (which
 * look at errcode, not at the status) read every outcome.
 */
public final class RobotWebhookApi {
    private static final Logger log = LoggerFactory.getLogger(RobotWebhookApi.class);

    private final RobotWebhook webhook;

    public RobotWebhookApi(RobotWebhook webhook) {
        this.webhook = webhook;
    }

    public void register(Router router) {
        router.add(HttpMethod.POST, "/robot/send", ErrorStyle.NATIVE, this::send);
    }

    private ApiResponse send(ApiRequest req) {
        try {
            webhook.send(req.queryParam("access_token"), req.queryParam("timestamp"), req.queryParam("sign"),
                    req.remoteAddress(), req.body());
            return answer(0, "ok");
        } catch (RobotRefusal e) {
            return answer(e.errcode(), e.errmsg());
        } catch (RuntimeException e) {
            log.error("robot send failed", e);
            return answer(RobotRefusal.SYSTEM_BUSY, "system busy");
        }
    }

    private static ApiResponse answer(int errcode, String errmsg) {
        return ApiResponse.ok(Json.object().put("errcode", errcode).put("errmsg", errmsg));
    }
}
