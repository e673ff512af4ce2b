package io.gatescope.web.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Query parameter parsing with one-line 400 errors. */
final class Params {

    private Params() {}

    /** ISO-8601 instant or epoch milliseconds; null when absent. */
    static Long time(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return v.chars().allMatch(Character::isDigit)
                    ? Long.parseLong(v)
                    : Instant.parse(v).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException e) {
            throw Problem.badRequest(
                    "'"
                            + name
                            + "' must be an ISO-8601 time (2026-03-14T09:10:00Z) or epoch milliseconds");
        }
    }

    /** A trigger kind of the contract (OOM_KILL, DEPLOY...); null when absent. */
    static String trigger(Context ctx) {
        String v = ctx.queryParam("trigger");
        if (v == null || v.isBlank()) {
            return null;
        }
        for (io.gatescope.analyzer.model.TriggerKind k :
                io.gatescope.analyzer.model.TriggerKind.values()) {
            if (k.name().equals(v)) {
                return v;
            }
        }
        throw Problem.badRequest(
                "'trigger' must be one of "
                        + java.util.Arrays.toString(
                                io.gatescope.analyzer.model.TriggerKind.values()));
    }

    static int limit(Context ctx, int dflt, int max) {
        String v = ctx.queryParam("limit");
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw Problem.badRequest("'limit' must be at least 1");
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw Problem.badRequest("'limit' must be a whole number");
        }
    }

    /** A step such as 10s, 1m, 5m; null when absent. */
    static Long stepMillis(Context ctx) {
        String v = ctx.queryParam("step");
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            long unit =
                    switch (v.charAt(v.length() - 1)) {
                        case 's' -> 1000L;
                        case 'm' -> 60_000L;
                        case 'h' -> 3_600_000L;
                        default -> throw new NumberFormatException();
                    };
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n * unit;
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw Problem.badRequest("'step' must look like 10s, 1m or 1h");
        }
    }
}
