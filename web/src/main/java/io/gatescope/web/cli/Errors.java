package io.gatescope.web.cli;

/** One line for a user: the failure and its root cause, without a stack trace. */
final class Errors {

    private Errors() {}

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String top =
                e.getMessage() == null
                        ? e.getClass().getSimpleName()
                        : e.getMessage().lines().findFirst().orElse("");
        if (root == e) {
            return top;
        }
        String cause =
                root.getMessage() == null
                        ? root.getClass().getSimpleName()
                        : root.getMessage().lines().findFirst().orElse("");
        return top + " (" + cause + ")";
    }
}
