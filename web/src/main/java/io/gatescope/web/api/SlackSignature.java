package io.gatescope.web.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing: {@code v0=} HMAC-SHA256 of {@code v0:TIMESTAMP:BODY} with the app's
 * signing secret, compared in constant time; requests older than five minutes are replays.
 */
public final class SlackSignature {

    static final long MAX_AGE_SECONDS = 300;

    private SlackSignature() {}

    /** The signature Slack would send. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return "v0=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @throws Problem 401 unless the request is signed with the secret and fresh
     */
    static void verify(
            String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (secret == null || secret.isEmpty()) {
            throw Problem.unauthorized("chatops is not configured: set --slack-signing-secret");
        }
        if (timestamp == null || signature == null) {
            throw Problem.unauthorized("missing X-Slack-Signature or X-Slack-Request-Timestamp");
        }
        long ts;
        try {
            ts = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw Problem.unauthorized("bad X-Slack-Request-Timestamp");
        }
        if (Math.abs(now.getEpochSecond() - ts) > MAX_AGE_SECONDS) {
            throw Problem.unauthorized("stale request: older than 5 minutes");
        }
        byte[] expected = sign(secret, timestamp.trim(), body).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8))) {
            throw Problem.unauthorized("bad Slack signature");
        }
    }
}
