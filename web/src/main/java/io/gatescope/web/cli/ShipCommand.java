package io.gatescope.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code gatescope ship}: not built yet; says so plainly instead of pretending. */
@Command(
        name = "ship",
        mixinStandardHelpOptions = true,
        description = "(not available in this build yet)")
final class ShipCommand implements Callable<Integer> {

    @Unmatched java.util.List<String> rest;

    @Override
    public Integer call() {
        System.err.println(
                "gatescope ship: not available in this build yet; 'gatescope analyze' works today");
        return 2;
    }
}
