package io.gatescope.web.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * One run of the {@code gatescope} command line in this JVM, with its standard streams captured:
 * what a user would see in the terminal and the exit code.
 */
record CommandLineRun(int code, String out, String err) {

    static synchronized CommandLineRun of(String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = GatescopeCommand.execute(args);
            return new CommandLineRun(
                    code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setIn(in);
            System.setOut(out);
            System.setErr(err);
        }
    }

    /** Whether the error output is at most one line and shows no stack trace. */
    boolean errIsOneLine() {
        return err.strip().lines().count() <= 1
                && !err.contains("\tat ")
                && !err.contains("Exception");
    }
}
