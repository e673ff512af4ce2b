package io.gatescope.ingest.ship;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A shipper in its own JVM, so that a test can kill it with -9 halfway. */
public final class ShipperProcess {
    public static void main(String[] args) throws Exception {
        Shipper s =
                new Shipper(
                        new Shipper.Config(
                                args[0],
                                args[1],
                                false,
                                Path.of(args[2]),
                                65536,
                                Map.of("linger.ms", "50", "batch.size", "16384"),
                                "test-host"),
                        null);
        s.ship(List.of(Path.of(args[3])), new AtomicBoolean());
    }
}
