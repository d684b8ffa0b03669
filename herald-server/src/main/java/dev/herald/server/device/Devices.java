package dev.herald.server.device;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.herald.server.app.App;
import dev.herald.server.bus.Bus;
import dev.herald.server.bus.DeviceEvent;
import dev.herald.server.error.HeraldError;
import dev.herald.server.error.HeraldException;
import dev.herald.server.store.Store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * Registers devices, checks their secrets, and changes their alias and tags — from the backend's device API or from
 * the client itself — telling every node's hub about each change.
 */
public final class Devices {
    /** JPush's limit on tags one device may hold. */
    public static final int MAX_TAGS_PER_DEVICE = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Bus bus;
    private final Clock clock;

    /** A new device and the secret only its client will know. */
    public record Registration(Device device, String secret) {
    }

    public Devices(Store store, Bus bus, Clock clock) {
        this.store = store;
        this.bus = bus;
        this.clock = clock;
    }

    /**
     * Registers a new device of the app without waiting for the store: the future completes once the device is
     * durable, possibly on the store's writer thread, so what depends on it must be quick. A failed insert (say, a
     * registration id taken already: random, so practically never) is tried again with a new id, twice at most.
     */
    public CompletableFuture<Registration> register(App app, String platform) {
        return register(app, platform, 0);
    }

    private CompletableFuture<Registration> register(App app, String platform, int attempt) {
        String rid = newRegistrationId();
        String secret = newSecret();
        return store.createDeviceAsync(app.id(), rid, hash(secret), platform, clock.millis())
                .thenApply(d -> new Registration(d, secret))
                // not on the writer's thread, which completed the future: a full write queue would block it
                .exceptionallyComposeAsync(e -> attempt >= 2 ? CompletableFuture.failedFuture(e)
                        : register(app, platform, attempt + 1));
    }

    /** The device with this id and secret, or empty if either is wrong. Compares in constant time. */
    public Optional<Device> authenticate(App app, String registrationId, String secret) {
        Optional<Device> d = store.findDevice(app.id(), registrationId);
        if (d.isEmpty() || secret == null) {
            return Optional.empty();
        }
        byte[] expected = d.get().secretHash().getBytes(StandardCharsets.US_ASCII);
        byte[] given = hash(secret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? d : Optional.empty();
    }

    /**
     * Applies a change requested by the backend (device API) and returns the device afterwards.
     *
     * @throws HeraldException NOT_FOUND for an unknown device, INVALID_PARAMETER for a bad alias, tag or mobile
     */
    public Device update(App app, String registrationId, DeviceChange change) {
        check(change);
        if (!change.addTags().isEmpty()) {
            Device current = store.findDevice(app.id(), registrationId)
                    .orElseThrow(() -> notFound(registrationId));
            Set<String> after = new HashSet<>(change.clearTags() ? Set.of() : current.tags());
            after.addAll(change.addTags());
            after.removeAll(change.removeTags());
            if (after.size() > MAX_TAGS_PER_DEVICE) {
                throw HeraldError.INVALID_PARAMETER.exception(
                        "a device may hold at most " + MAX_TAGS_PER_DEVICE + " tags");
            }
        }
        Device d = store.updateDevice(app.id(), registrationId, change).orElseThrow(() -> notFound(registrationId));
        bus.publish(DeviceEvent.updated(app.id(), List.of(d)));
        return d;
    }

    /**
     * Sets alias and/or tags from the client. Allowed when the app lets clients bind, or with an HS256 JWT signed
     * with the app's master secret whose claims match what is asked for.
     *
     * @param alias {@code null} leaves the alias, {@code ""} clears it
     * @param tags  {@code null} leaves the tags, otherwise replaces them
     * @throws BindException when refused or invalid
     */
    public Device bind(App app, Device device, String alias, Set<String> tags, String token) {
        if (token != null) {
            verifyToken(app, device, alias, tags, token);
        } else if (!app.clientBind()) {
            throw new BindException(false, "this app does not let clients bind; send a token signed by the backend");
        }
        try {
            return update(app, device.registrationId(), new DeviceChange(alias, null, tags != null, tags, Set.of()));
        } catch (HeraldException e) {
            throw new BindException(true, e.getMessage());
        }
    }

    private static void verifyToken(App app, Device device, String alias, Set<String> tags, String token) {
        DecodedJWT jwt;
        try {
            jwt = JWT.require(Algorithm.HMAC256(app.masterSecret())).acceptLeeway(5).build().verify(token);
        } catch (JWTVerificationException e) {
            throw new BindException(false, "bind token rejected: " + e.getMessage());
        }
        if (jwt.getExpiresAt() == null) {
            throw new BindException(false, "bind token must carry exp");
        }
        Claim rid = jwt.getClaim("rid");
        if (!rid.isMissing() && !rid.isNull() && !device.registrationId().equals(rid.asString())) {
            throw new BindException(false, "bind token is for another registration id");
        }
        if (alias != null && !alias.equals(jwt.getClaim("alias").asString())) {
            throw new BindException(false, "bind token does not grant alias '" + alias + "'");
        }
        if (tags != null) {
            List<String> granted = jwt.getClaim("tags").asList(String.class);
            if (granted == null || !Set.copyOf(granted).equals(tags)) {
                throw new BindException(false, "bind token does not grant these tags");
            }
        }
    }

    private static void check(DeviceChange change) {
        if (change.alias() != null && !change.alias().isEmpty()) {
            Names.checkAlias("alias", change.alias());
        }
        if (change.mobile() != null && !change.mobile().isEmpty()) {
            Names.checkMobile("mobile", change.mobile());
        }
        for (String t : change.addTags()) {
            Names.checkTag("tags", t);
        }
        for (String t : change.removeTags()) {
            Names.checkTag("tags", t);
        }
    }

    private static HeraldException notFound(String rid) {
        return HeraldError.NOT_FOUND.exception("registration id " + rid + " does not exist in this app");
    }

    static String newRegistrationId() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static String newSecret() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String hash(String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
