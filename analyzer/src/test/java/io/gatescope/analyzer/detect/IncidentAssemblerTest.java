package io.gatescope.analyzer.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Cause;
import io.gatescope.analyzer.model.Incident;
import io.gatescope.analyzer.model.StepStats;
import java.util.List;
import org.junit.jupiter.api.Test;

class IncidentAssemblerTest {

    private static Cause cause(String code, double confidence) {
        return new Cause(code, confidence, "", "", List.of(), List.of());
    }

    @Test
    void aChronicTrickleIsReportedOnlyWhenOneCauseClearlyExplainsIt() {
        assertThat(
                        IncidentAssembler.explainsATrickle(
                                List.of(
                                        cause("KEEPALIVE_RACE", 0.53),
                                        cause("UPSTREAM_OVERLOAD", 0.53))))
                .as("two causes tied: a mix of unrelated failures")
                .isFalse();
        assertThat(
                        IncidentAssembler.explainsATrickle(
                                List.of(cause("KEEPALIVE_RACE", 0.6), cause("UPSTREAM_DOWN", 0.3))))
                .isTrue();
        assertThat(
                        IncidentAssembler.explainsATrickle(
                                List.of(
                                        cause("KEEPALIVE_RACE", 0.8),
                                        cause("UPSTREAM_DOWN", 0.75))))
                .as("sure on its own")
                .isTrue();
        assertThat(IncidentAssembler.explainsATrickle(List.of(cause("KEEPALIVE_RACE", 0.4))))
                .isFalse();
        assertThat(IncidentAssembler.explainsATrickle(List.of(cause("UNKNOWN", 0.9)))).isFalse();
        assertThat(IncidentAssembler.explainsATrickle(List.of())).isFalse();
    }

    @Test
    void aSteadyTrickleOfFastClosesOnEveryPeerIsAChronicKeepaliveRace() {
        StepStats trickle = new StepStats("svc", 0, 10_000);
        trickle.gateway = "NGINX";
        String[] peers = {"a:80", "b:80", "c:80"};
        for (int i = 0; i < 36_000; i++) {
            trickle.countRequest(i * 400L, "NGINX", peers[i % 3], 200, 20, false, 0);
        }
        for (int i = 0; i < 60; i++) {
            trickle.errors++;
            trickle.firstError = Math.min(trickle.firstError, i * 240_000L);
            trickle.lastError = Math.max(trickle.lastError, i * 240_000L);
            trickle.classCounts.merge("CLOSED_FAST", 1L, Long::sum);
            trickle.peerErrors.merge(peers[i % 3], 1L, Long::sum);
            trickle.failedUpstream.record(1);
        }
        Incident incident =
                IncidentAssembler.assemble(
                        new Episode("chronic", "svc", List.of(trickle), trickle, false),
                        14_400_000L);
        assertThat(incident).isNotNull();
        assertThat(incident.kind()).isEqualTo("chronic");
        assertThat(incident.topCause()).isEqualTo("KEEPALIVE_RACE");
    }
}
