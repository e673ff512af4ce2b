package io.gatescope.web.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatescope} command line: one subcommand per contract command. */
@Command(
        name = "gatescope",
        mixinStandardHelpOptions = true,
        version = "gatescope 0.1.0",
        description = "Tells you why your gateway answers 502, and what to change.",
        subcommands = {
            AnalyzeCommand.class,
            ExplainCommand.class,
            DemoCommand.class,
            ServeCommand.class,
            ShipCommand.class
        })
public final class GatescopeCommand implements Runnable {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line; usage errors give one line on stderr and exit code 2. */
    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new GatescopeCommand());
        cl.setParameterExceptionHandler(
                (ex, a) -> {
                    ex.getCommandLine()
                            .getErr()
                            .println("gatescope: " + ex.getMessage() + " (see --help)");
                    return 2;
                });
        cl.setExecutionExceptionHandler(
                (ex, c, parsed) -> {
                    c.getErr()
                            .println(
                                    "gatescope: "
                                            + (ex.getMessage() == null
                                                    ? ex.getClass().getSimpleName()
                                                    : ex.getMessage()
                                                            .lines()
                                                            .findFirst()
                                                            .orElse("")));
                    return 1;
                });
        return cl.execute(args);
    }
}
