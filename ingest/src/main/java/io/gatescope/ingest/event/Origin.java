package io.gatescope.ingest.event;

/**
 * The machine or Kubernetes object an upstream line concerns, as the line, its syslog or journal
 * header, its shipper's envelope or its Kubernetes event tells it. Every field is "" when unknown.
 *
 * @param host the machine's name (syslog and journal host, node, envelope host)
 * @param addresses the machine's or pod's addresses, comma-separated
 * @param namespace the Kubernetes namespace
 * @param pod the pod's name
 * @param workload the Deployment, ReplicaSet or StatefulSet that owns it, or the systemd unit
 */
public record Origin(String host, String addresses, String namespace, String pod, String workload) {

    /** Nothing known. */
    public static final Origin NONE = new Origin("", "", "", "", "");

    public static Origin host(String host) {
        return new Origin(host == null ? "" : host, "", "", "", "");
    }

    public Origin withHost(String h) {
        return new Origin(h, addresses, namespace, pod, workload);
    }

    public Origin withAddresses(String a) {
        return new Origin(host, a, namespace, pod, workload);
    }

    public Origin withWorkload(String w) {
        return new Origin(host, addresses, namespace, pod, w);
    }

    /** This origin, with what {@code other} knows and this one does not. */
    public Origin or(Origin other) {
        return new Origin(
                host.isEmpty() ? other.host : host,
                addresses.isEmpty() ? other.addresses : addresses,
                namespace.isEmpty() ? other.namespace : namespace,
                pod.isEmpty() ? other.pod : pod,
                workload.isEmpty() ? other.workload : workload);
    }

    public boolean isEmpty() {
        return host.isEmpty()
                && addresses.isEmpty()
                && namespace.isEmpty()
                && pod.isEmpty()
                && workload.isEmpty();
    }
}
