package io.gatescope.analyzer.triggers;

import static io.gatescope.analyzer.triggers.TriggerFixtures.T;
import static io.gatescope.analyzer.triggers.TriggerFixtures.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import org.junit.jupiter.api.Test;

class PeerIdentitiesTest {

    @Test
    void whatIsKnownIsTheSameWhateverOrderItWasLearntIn() {
        assertThat(PeerIdentities.merge(PeerIdentities.merge(null, "b"), "a,c"))
                .isEqualTo(PeerIdentities.merge(PeerIdentities.merge(null, "a,c"), "b"))
                .isEqualTo("a,b,c");
    }

    @Test
    void addressesPerIdentityAreBounded() {
        String many = "";
        for (int i = 0; i < 20; i++) {
            many = PeerIdentities.merge(many, "10.0.0." + i);
        }
        assertThat(many.split(",")).hasSize(PeerIdentities.MAX_ADDRESSES);
    }

    @Test
    void aServersListenLineTeachesItsLogsAddressButAPlatformLineDoesNot() {
        UpstreamEvent listen =
                event(
                        T,
                        Signal.STARTED,
                        "gunicorn",
                        Origin.NONE.withAddresses("10.0.5.11:8000"),
                        "m");
        assertThat(PeerIdentities.learn(listen))
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("source|app/x.log");
        UpstreamEvent event =
                event(
                        T,
                        Signal.PROBE_FAILED,
                        "kubernetes",
                        Origin.NONE.withAddresses("10.244.1.7"),
                        "Pod");
        assertThat(PeerIdentities.learn(event)).isEmpty();
        UpstreamEvent crash =
                event(
                        T,
                        Signal.CRASH,
                        "gunicorn",
                        Origin.NONE.withAddresses("10.0.5.11:8000"),
                        "w");
        assertThat(PeerIdentities.learn(crash)).isEmpty();
    }

    @Test
    void aPodTeachesItsAddressAndItsNode() {
        UpstreamEvent pod =
                event(
                        T,
                        Signal.NOTE,
                        "kubernetes",
                        new Origin("node-a", "10.244.1.17", "shop", "web-1", ""),
                        "Pod");
        assertThat(PeerIdentities.learn(pod))
                .extracting(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("pod|shop/web-1", "10.244.1.17"),
                        org.assertj.core.groups.Tuple.tuple("node|shop/web-1", "node-a"));
    }
}
