package io.gatescope.analyzer.classify;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.FailureClass;
import io.gatescope.analyzer.model.Observation;
import io.gatescope.ingest.event.GatewayKind;
import io.gatescope.ingest.event.HealthEvent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ObservationsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "Layer6 invalid response, info: \"SSL handshake failure\"; TLS_HANDSHAKE",
                "Layer6 timeout; PEER_MARKED_DOWN",
                "DNS NX status; DNS",
                "DNS timeout status; DNS",
                "Layer4 connection problem, info: \"No route to host\"; CONNECT_UNREACHABLE",
                "Layer4 connection problem, info: \"Network is unreachable\"; CONNECT_UNREACHABLE",
                "Layer4 connection problem, info: \"Connection refused\"; PEER_MARKED_DOWN",
                "Layer4 timeout; PEER_MARKED_DOWN",
                "Layer7 wrong status, code: 500, info: \"Internal Server Error\"; PEER_MARKED_DOWN"
            })
    void aFailedHealthCheckIsClassifiedByTheReasonItGives(String reason, FailureClass expected) {
        Observation o =
                Observations.ofHealth(
                        new HealthEvent(
                                1L,
                                GatewayKind.HAPROXY,
                                "be_api",
                                "api1",
                                HealthEvent.HealthState.DOWN,
                                reason,
                                "haproxy.log",
                                "Server be_api/api1 is DOWN, reason: " + reason));
        assertThat(o.failure()).isEqualTo(expected);
        assertThat(o.evidence()).startsWith(Observations.HEALTH_DOWN_EVIDENCE);
    }
}
