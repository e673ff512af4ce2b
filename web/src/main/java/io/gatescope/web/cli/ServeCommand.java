package io.gatescope.web.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code gatescope serve}: not built yet; says so plainly instead of pretending. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "(not available in this build yet)")
final class ServeCommand implements Callable<Integer> {

    @Unmatched java.util.List<String> rest;

    @Override
    public Integer call() {
        System.err.println(
                "gatescope serve: not available in this build yet; 'gatescope analyze' works today");
        return 2;
    }
}
