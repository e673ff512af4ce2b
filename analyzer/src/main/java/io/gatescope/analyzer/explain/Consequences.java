package io.gatescope.analyzer.explain;

import io.gatescope.analyzer.model.FailureClass;

/**
 * Signatures that are the consequence of an earlier failure (nginx's "no live upstreams" after the
 * peers were disabled): beside lines that show what disabled them, they count for that.
 */
final class Consequences {

    private Consequences() {}

    static boolean only(FailureClass c) {
        return c == FailureClass.NO_LIVE_UPSTREAMS || c == FailureClass.PEER_MARKED_DOWN;
    }
}
