package io.gatescope.analyzer.causes;

import io.gatescope.analyzer.model.Fix;
import java.util.ArrayList;
import java.util.List;

/** Builds a rule's fix list for the gateway kind at hand: its own fixes first, then the checks. */
final class Fixes {

    private final String gateway;
    private final List<Fix> out = new ArrayList<>();

    private Fixes(String gateway) {
        this.gateway = gateway;
    }

    static Fixes forGateway(String gateway) {
        return new Fixes(gateway == null ? "" : gateway);
    }

    Fixes nginx(String title, String detail, String config) {
        return when("NGINX", title, detail, config);
    }

    Fixes alb(String title, String detail, String config) {
        if (gateway.equals("ALB") || gateway.equals("ELB")) {
            out.add(new Fix(title, detail, config));
        }
        return this;
    }

    Fixes haproxy(String title, String detail, String config) {
        return when("HAPROXY", title, detail, config);
    }

    Fixes envoy(String title, String detail, String config) {
        return when("ENVOY", title, detail, config);
    }

    Fixes traefik(String title, String detail, String config) {
        return when("TRAEFIK", title, detail, config);
    }

    Fixes caddy(String title, String detail, String config) {
        return when("CADDY", title, detail, config);
    }

    Fixes any(String title, String detail, String config) {
        out.add(new Fix(title, detail, config));
        return this;
    }

    private Fixes when(String kind, String title, String detail, String config) {
        if (gateway.equals(kind) || gateway.isEmpty()) {
            out.add(new Fix(title, detail, config));
        }
        return this;
    }

    List<Fix> build() {
        return List.copyOf(out);
    }

    /** host:port of a peer, for commands; the service itself when it is not an address. */
    static String hostOf(String target) {
        int c = target.lastIndexOf(':');
        return c > 0 && target.indexOf('/') < 0 ? target.substring(0, c) : target;
    }

    static String portOf(String target, String dflt) {
        int c = target.lastIndexOf(':');
        return c > 0 && c < target.length() - 1 ? target.substring(c + 1) : dflt;
    }
}
