package io.gatescope.analyzer.job;

import java.util.HashSet;
import java.util.Set;

/**
 * Bounds the services one parse subtask creates. A service is named by what clients addressed, and
 * for nginx that is the {@code Host} header, which clients choose: a scanner sending a new Host
 * with every request would otherwise make a service, with its steps and detector state, per request
 * (200 k random hosts took 2.3 GB and then failed the analysis). The first {@link #MAX} names keep
 * their own service; later ones are counted together as {@link #OVERFLOW}. Not thread-safe: one per
 * operator instance.
 */
final class ServiceAdmission {

    /**
     * Distinct services per parse subtask: far more than a proxy serves, far fewer than a flood.
     */
    static final int MAX = 2_000;

    /** Where requests for names past the bound are counted. */
    static final String OVERFLOW = "(other hosts)";

    private final Set<String> admitted = new HashSet<>();
    // Consecutive lines mostly name the same service, as the same (interned) instance.
    private String last;
    private String lastAdmitted;

    /** The service to count {@code name} under: itself, or {@link #OVERFLOW} past the bound. */
    String admit(String name) {
        if (name == last) {
            return lastAdmitted;
        }
        String out =
                admitted.contains(name) || admitted.size() < MAX && admitted.add(name)
                        ? name
                        : OVERFLOW;
        last = name;
        lastAdmitted = out;
        return out;
    }
}
