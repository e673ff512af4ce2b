package io.gatescope.analyzer.model;

/** The contract's trigger kinds (section 3b): what made the upstream fail. */
public enum TriggerKind {
    /** The process or container was killed for memory. */
    OOM_KILL,
    /** It exited or died on a signal for another reason. */
    PROCESS_CRASH,
    /** Every worker was busy or the listen queue was full. */
    WORKER_POOL_EXHAUSTED,
    /** Workers were killed for running past their time limit. */
    WORKER_TIMEOUT,
    /** A rollout or restart replaced the upstream without draining. */
    DEPLOY,
    /** Health or readiness probes failed and took backends out. */
    PROBE_FAILURE,
    /** The upstream restarts again and again. */
    CRASH_LOOP,
    /** The machine under the upstream failed or was removed. */
    NODE_FAILURE
}
