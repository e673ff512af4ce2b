package io.gatescope.analyzer.triggers;

import static io.gatescope.analyzer.triggers.TriggerFixtures.T;
import static io.gatescope.analyzer.triggers.TriggerFixtures.event;
import static io.gatescope.analyzer.triggers.TriggerFixtures.incident;
import static io.gatescope.analyzer.triggers.TriggerFixtures.onHost;
import static org.assertj.core.api.Assertions.assertThat;

import io.gatescope.analyzer.model.Incident;
import io.gatescope.ingest.event.Origin;
import io.gatescope.ingest.event.UpstreamEvent;
import io.gatescope.ingest.event.UpstreamEvent.Signal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpstreamJoinTest {

    private final UpstreamJoin none = new UpstreamJoin(Map.of());
    private final Incident web = incident("shop.example.com", "UPSTREAM_DOWN", "10.0.5.11:8000");

    @Test
    void anEc2HostNameJoinsTheAddressItSpells() {
        assertThat(none.how(web, onHost(T, Signal.OOM_KILL, "kernel", "ip-10-0-5-11")))
                .isEqualTo("address 10.0.5.11");
        assertThat(none.how(web, onHost(T, Signal.OOM_KILL, "kernel", "ip-10-0-5-11.ec2.internal")))
                .isEqualTo("address 10.0.5.11");
        assertThat(none.how(web, onHost(T, Signal.OOM_KILL, "kernel", "ip-10-0-5-12"))).isNull();
    }

    @Test
    void aMachineOfTheSameTimeThatNothingNamesDoesNotJoin() {
        assertThat(none.how(web, onHost(T, Signal.OOM_KILL, "kernel", "db-1"))).isNull();
        assertThat(none.how(web, event(T, Signal.CRASH, "uwsgi", Origin.NONE, "worker 1")))
                .isNull();
    }

    @Test
    void theHostsFileNamesMachines() {
        UpstreamJoin join = new UpstreamJoin(Map.of("10.0.5.11", "app-1 app-1.internal"));
        assertThat(join.how(web, onHost(T, Signal.OOM_KILL, "kernel", "app-1.internal")))
                .isEqualTo("address 10.0.5.11");
    }

    @Test
    void aServersListenAddressJoinsItsOtherLinesFromTheSameLog() {
        UpstreamEvent listening =
                event(T - 3_600_000, Signal.STARTED, "gunicorn", Origin.NONE, "master 1")
                        .withOrigin(Origin.NONE.withAddresses("10.0.5.11:8000"));
        UpstreamEvent crash = event(T, Signal.CRASH, "gunicorn", Origin.NONE, "worker 7");
        assertThat(none.how(web, crash)).isNull();
        assertThat(none.at(Set.of(), identities(listening)).how(web, crash))
                .isEqualTo("address 10.0.5.11:8000");
    }

    @Test
    void aLoopbackListenAddressJoinsOnlyThePeerWithItsPort() {
        Incident local = incident("app", "UPSTREAM_DOWN", "127.0.0.1:9000");
        UpstreamEvent other =
                event(T, Signal.CRASH, "puma", Origin.NONE.withAddresses("127.0.0.1:3000"), "w");
        UpstreamEvent same =
                event(T, Signal.CRASH, "puma", Origin.NONE.withAddresses("127.0.0.1:9000"), "w");
        assertThat(none.at(Set.of("gw"), PeerIdentities.NONE).how(local, other)).isNull();
        assertThat(none.how(local, same)).isEqualTo("address 127.0.0.1:9000");
    }

    @Test
    void aUnixSocketPeerRunsOnTheGatewaysMachine() {
        Incident fpm = incident("blog", "UPSTREAM_OVERLOAD", "unix:/run/php/php8.2-fpm.sock");
        UpstreamEvent full = event(T, Signal.POOL_FULL, "php-fpm", Origin.NONE, "pool www");
        assertThat(none.how(fpm, full)).isEqualTo("the gateway's machine");
        assertThat(none.how(fpm, onHost(T, Signal.POOL_FULL, "php-fpm", "other-box"))).isNull();
        assertThat(
                        none.at(Set.of("web-1"), PeerIdentities.NONE)
                                .how(fpm, onHost(T, Signal.POOL_FULL, "php-fpm", "web-1")))
                .isEqualTo("the gateway's machine");
    }

    @Test
    void aUnixSocketPeersServerLogsBesideTheGatewaysLogs() {
        Incident fpm = incident("blog", "UPSTREAM_OVERLOAD", "unix:/run/php/php8.2-fpm.sock");
        UpstreamJoin gatewayInVarLogNginx =
                none.at(Set.of("dir:/var/log/nginx"), PeerIdentities.NONE);
        assertThat(gatewayInVarLogNginx.how(fpm, fpmLine("/var/log/php8.2-fpm.log")))
                .isEqualTo("the gateway's machine");
        assertThat(gatewayInVarLogNginx.how(fpm, fpmLine("/var/log/php-fpm/error.log")))
                .isEqualTo("the gateway's machine");
        UpstreamJoin postMortem =
                none.at(Set.of("dir:incident-42/nginx-overload"), PeerIdentities.NONE);
        assertThat(postMortem.how(fpm, fpmLine("incident-42/nginx-overload/php-fpm.log")))
                .isEqualTo("the gateway's machine");
        // Another machine's folder beside it: another php-fpm.
        assertThat(postMortem.how(fpm, fpmLine("incident-42/web-2/php-fpm.log"))).isNull();
    }

    private static UpstreamEvent fpmLine(String source) {
        return new UpstreamEvent(
                T, Signal.POOL_FULL, "php-fpm", Origin.NONE, "pool www", "", 1, source, "x");
    }

    @Test
    void ingressNginxUpstreamNamesJoinTheNamespacesPodsOfThatService() {
        Incident ingress = incident("shop-web-80", "UPSTREAM_DOWN", "10.244.1.17:8080");
        Origin pod = new Origin("", "", "shop", "web-7d9c6b5f4-x2k8p", "");
        Origin otherNamespace = new Origin("", "", "blog", "web-7d9c6b5f4-x2k8p", "");
        Origin otherService = new Origin("", "", "shop", "webhooks-5c9-abc", "");
        assertThat(none.how(ingress, event(T, Signal.OOM_KILL, "kubernetes", pod, "p")))
                .isEqualTo("Kubernetes shop/web-7d9c6b5f4-x2k8p");
        assertThat(none.how(ingress, event(T, Signal.OOM_KILL, "kubernetes", otherNamespace, "p")))
                .isNull();
        assertThat(none.how(ingress, event(T, Signal.OOM_KILL, "kubernetes", otherService, "p")))
                .isNull();
    }

    @Test
    void aNodeFailureJoinsThroughThePodsThatRanOnTheNode() {
        Incident cart = incident("cart", "NETWORK", "10.244.3.14:8080");
        UpstreamEvent podList =
                event(
                        T - 600_000,
                        Signal.NOTE,
                        "kubernetes",
                        new Origin("node-7", "10.244.3.14", "shop", "cart-1", ""),
                        "Pod shop/cart-1");
        UpstreamEvent nodeDown =
                event(T, Signal.NODE_DOWN, "kubernetes", Origin.host("node-7"), "Node node-7");
        UpstreamEvent otherNode =
                event(T, Signal.NODE_DOWN, "kubernetes", Origin.host("node-8"), "Node node-8");
        UpstreamJoin join = none.at(Set.of(), identities(podList));
        assertThat(join.how(cart, nodeDown)).isEqualTo("address 10.244.3.14");
        assertThat(join.how(cart, otherNode)).isNull();
    }

    @Test
    void aDeploymentsEventsJoinThroughItsPodsAddresses() {
        Incident api = incident("api.example.com", "UPSTREAM_RESTART", "10.244.1.31:8080");
        UpstreamEvent podList =
                event(
                        T - 600_000,
                        Signal.NOTE,
                        "kubernetes",
                        new Origin("n", "10.244.1.31", "shop", "api-5f7c9d8b6-h4x2n", ""),
                        "Pod");
        UpstreamEvent scaled =
                event(
                        T,
                        Signal.STOPPING,
                        "kubernetes",
                        new Origin("", "", "shop", "", "api"),
                        "Deployment shop/api");
        UpstreamEvent otherApp =
                event(
                        T,
                        Signal.STOPPING,
                        "kubernetes",
                        new Origin("", "", "shop", "", "ap"),
                        "Deployment shop/ap");
        UpstreamJoin join = none.at(Set.of(), identities(podList));
        assertThat(join.how(api, scaled)).isEqualTo("address 10.244.1.31");
        assertThat(join.how(api, otherApp)).isNull();
    }

    @Test
    void theWindowReachesFiveMinutesBeforeAndTwoAfter() {
        assertThat(UpstreamJoin.inWindow(web, T - 5 * 60_000)).isTrue();
        assertThat(UpstreamJoin.inWindow(web, T - 5 * 60_000 - 1)).isFalse();
        long end = T + 3 * 60_000;
        assertThat(UpstreamJoin.inWindow(web, end + 2 * 60_000)).isTrue();
        assertThat(UpstreamJoin.inWindow(web, end + 2 * 60_000 + 1)).isFalse();
    }

    /** What the joiner keeps in its broadcast state, learnt from these lines. */
    static PeerIdentities identities(UpstreamEvent... events) {
        Map<String, String> known = new HashMap<>();
        for (UpstreamEvent e : events) {
            for (Map.Entry<String, String> k : PeerIdentities.learn(e)) {
                known.merge(k.getKey(), k.getValue(), PeerIdentities::merge);
            }
        }
        return new PeerIdentities(known::get, List.copyOf(known.entrySet()));
    }
}
