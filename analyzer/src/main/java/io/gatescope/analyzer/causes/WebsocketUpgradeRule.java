package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.CauseCode;
import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Fix;
import java.util.List;
import java.util.Locale;

/** WebSocket handshakes fail through the proxy, or upgraded sessions are cut by an idle timeout. */
final class WebsocketUpgradeRule extends DirectSignatureRule {

    WebsocketUpgradeRule() {
        super(
                CauseCode.WEBSOCKET_UPGRADE,
                FailureClass.WS_UPGRADE_FAILED,
                FailureClass.WS_IDLE_TIMEOUT);
    }

    @Override
    public double score(IncidentFeatures f) {
        double s = super.score(f);
        if (f.sessionLengthClustering() >= 0.4 && f.commonSessionSeconds() >= 10) {
            s = Math.max(s, Math.min(0.9, 0.4 + 0.5 * f.sessionLengthClustering()));
        }
        return s;
    }

    @Override
    public String summary(IncidentFeatures f) {
        if (f.count(FailureClass.WS_UPGRADE_FAILED) >= f.count(FailureClass.WS_IDLE_TIMEOUT)) {
            return String.format(
                    Locale.ROOT,
                    "%d of %d WebSocket handshakes to %s did not get 101 Switching Protocols: "
                            + "the proxy does not forward Upgrade/Connection over HTTP/1.1, or the upstream drops the handshake.",
                    f.window().upgradeFailures,
                    f.window().upgrades,
                    f.window().service);
        }
        String after =
                f.commonSessionSeconds() > 0
                        ? " are cut after " + f.commonSessionSeconds() + " s of silence: "
                        : " are cut when idle: ";
        return "WebSocket sessions to "
                + f.window().service
                + after
                + "the proxy's read timeout ends idle upgraded connections; raise it or send pings.";
    }

    @Override
    public String patternEvidence(IncidentFeatures f) {
        if (f.window().sessionSeconds.isEmpty() && f.window().upgrades == 0) {
            return "";
        }
        if (f.window().sessionSeconds.isEmpty()) {
            return String.format(
                    Locale.ROOT,
                    "%d upgrade requests, %d not answered with 101",
                    f.window().upgrades,
                    f.window().upgradeFailures);
        }
        return String.format(
                Locale.ROOT,
                "%.0f%% of WebSocket sessions lasted %d s (an idle timeout)",
                100 * f.sessionLengthClustering(),
                f.commonSessionSeconds());
    }

    @Override
    public List<Fix> fixes(IncidentFeatures f) {
        return Fixes.forGateway(f.gateway())
                .nginx(
                        "Forward the upgrade over HTTP/1.1 and allow long idle sessions",
                        "nginx speaks HTTP/1.0 to upstreams and drops hop-by-hop headers unless told otherwise; the default proxy_read_timeout (60 s) ends idle WebSocket sessions.",
                        "map $http_upgrade $connection_upgrade {\n    default upgrade;\n    ''      close;\n}\nlocation /ws/ {\n    proxy_pass http://"
                                + f.window().service
                                + ";\n    proxy_http_version 1.1;\n    proxy_set_header Upgrade $http_upgrade;\n    proxy_set_header Connection $connection_upgrade;\n    proxy_read_timeout 3600s;\n}")
                .alb(
                        "Raise the idle timeout or ping from the application",
                        "ALB supports WebSockets natively; idle connections close after the load balancer's idle timeout (60 s default).",
                        "aws elbv2 modify-load-balancer-attributes --load-balancer-arn <arn> --attributes Key=idle_timeout.timeout_seconds,Value=3600")
                .haproxy(
                        "Set a tunnel timeout for upgraded connections",
                        "After the upgrade HAProxy applies timeout tunnel instead of client/server timeouts.",
                        "defaults\n    timeout tunnel 1h")
                .any(
                        "Test the handshake through the proxy",
                        "Expect HTTP/1.1 101 Switching Protocols.",
                        "curl -i -N --http1.1 -H 'Connection: Upgrade' -H 'Upgrade: websocket' -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' https://"
                                + f.window().service
                                + "/")
                .build();
    }
}
