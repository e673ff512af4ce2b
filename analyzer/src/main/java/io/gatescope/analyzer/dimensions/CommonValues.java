package io.gatescope.analyzer.dimensions;

import io.gatescope.analyzer.model.Dimension;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the failing requests of a window have in common: for each field, the values whose share of
 * the failing requests ({@code failing}) stands well above their share of all requests of the
 * service in the window ({@code baseline}), both read from {@link DimensionSample}s. A value is
 * listed when it holds at least half of the failing requests, at least {@link #MIN_LIFT} more than
 * of all requests and half as much again, and at least {@link #MIN_FAILING} failing requests: a
 * value every request has (the one host of a service) or one the failures share by chance does not
 * stand out.
 */
public final class CommonValues {

    static final double MIN_SHARE = 0.5;
    static final double MIN_LIFT = 0.25;
    static final double MIN_RATIO = 1.5;
    static final long MIN_FAILING = 5;
    static final int MAX_PER_FIELD = 2;
    static final int MAX_VALUES = 8;

    /** The contract's field names, in the order ties are listed. */
    enum Field {
        PATH("path"),
        METHOD("method"),
        PEER("peer"),
        CLIENT("client"),
        USER_AGENT("userAgent"),
        HOST("host"),
        STATUS("status"),
        UPSTREAM_TIME("upstreamTime");

        final String key;

        Field(String key) {
            this.key = key;
        }
    }

    private CommonValues() {}

    /** The values that stand out, most distinctive first; empty when none does. */
    public static List<Dimension> of(DimensionSample failing, DimensionSample all) {
        long failingSize = failing.size();
        long allSize = all.size();
        if (failingSize < MIN_FAILING || allSize == 0) {
            return List.of();
        }
        Map<String, String> templates = learnedPaths(failing, all);
        Map<Field, Map<String, Long>> f = tally(failing, templates);
        Map<Field, Map<String, Long>> a = tally(all, templates);
        List<Dimension> out = new ArrayList<>();
        for (Field field : Field.values()) {
            Map<String, Long> values = f.getOrDefault(field, Map.of());
            if (field == Field.STATUS && values.size() < 2) {
                continue; // every failing request has a gateway status: only a mix says anything
            }
            List<Dimension> found = new ArrayList<>();
            values.forEach(
                    (value, n) -> {
                        double share = (double) n / failingSize;
                        double base =
                                (double) a.getOrDefault(field, Map.of()).getOrDefault(value, 0L)
                                        / allSize;
                        if (n >= MIN_FAILING
                                && share >= MIN_SHARE
                                && share - base >= MIN_LIFT
                                && share >= MIN_RATIO * base) {
                            found.add(new Dimension(field.key, value, round(share), round(base)));
                        }
                    });
            found.sort(BY_LIFT);
            out.addAll(found.subList(0, Math.min(MAX_PER_FIELD, found.size())));
        }
        dropRangesOfAnAddress(out);
        out.sort(BY_LIFT);
        return List.copyOf(out.subList(0, Math.min(MAX_VALUES, out.size())));
    }

    private static final Comparator<Dimension> BY_LIFT =
            Comparator.comparingDouble((Dimension d) -> -(d.failing() - d.baseline()))
                    .thenComparing(d -> order(d.field()))
                    .thenComparing(Dimension::value);

    private static int order(String key) {
        for (Field f : Field.values()) {
            if (f.key.equals(key)) {
                return f.ordinal();
            }
        }
        return Field.values().length;
    }

    /** A /24 listed beside one of its addresses that holds as much says nothing more. */
    private static void dropRangesOfAnAddress(List<Dimension> out) {
        out.removeIf(
                range ->
                        range.field().equals(Field.CLIENT.key)
                                && range.value().endsWith("/24")
                                && out.stream()
                                        .anyMatch(
                                                a ->
                                                        a.field().equals(Field.CLIENT.key)
                                                                && !a.value().endsWith("/24")
                                                                && RequestDimensions.range(
                                                                                a.value())
                                                                        .equals(range.value())
                                                                && a.failing()
                                                                        >= range.failing() - 0.05));
    }

    private static double round(double share) {
        return Math.round(share * 1000) / 1000.0;
    }

    /** Paths as the traffic of both samples shows them templated ({@link PathTemplate#learn}). */
    private static Map<String, String> learnedPaths(DimensionSample failing, DimensionSample all) {
        Map<String, Long> paths = new HashMap<>();
        for (DimensionSample s : List.of(failing, all)) {
            s.forEach((h, slot) -> paths.merge(slot.dims.path(), slot.count, Long::sum));
        }
        paths.remove("");
        return PathTemplate.learn(paths);
    }

    private static Map<Field, Map<String, Long>> tally(
            DimensionSample sample, Map<String, String> templates) {
        Map<Field, Map<String, Long>> out = new HashMap<>();
        sample.forEach(
                (h, slot) -> {
                    RequestDimensions d = slot.dims;
                    long n = slot.count;
                    count(out, Field.PATH, templates.getOrDefault(d.path(), d.path()), n);
                    count(out, Field.METHOD, d.method(), n);
                    count(out, Field.PEER, d.peer(), n);
                    count(out, Field.CLIENT, d.client(), n);
                    count(out, Field.CLIENT, RequestDimensions.range(d.client()), n);
                    count(out, Field.USER_AGENT, d.userAgent(), n);
                    count(out, Field.HOST, d.host(), n);
                    count(out, Field.STATUS, d.status() > 0 ? Integer.toString(d.status()) : "", n);
                    count(
                            out,
                            Field.UPSTREAM_TIME,
                            d.upstreamBand() < 0 ? "" : RequestDimensions.band(d.upstreamBand()),
                            n);
                });
        return out;
    }

    private static void count(
            Map<Field, Map<String, Long>> out, Field field, String value, long n) {
        if (!value.isEmpty()) {
            out.computeIfAbsent(field, k -> new HashMap<>()).merge(value, n, Long::sum);
        }
    }
}
