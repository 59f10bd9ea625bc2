package io.kindly.cli;

import io.kindly.config.ConfigException;
import io.kindly.lint.LintException;

import java.io.PrintStream;

/** Turns a start-up failure into a short message and an exit code, instead of a stack trace. */
public final class Failures {
    /** Exit code for a configuration problem (sysexits EX_CONFIG). */
    public static final int EXIT_CONFIG = 78;

    private Failures() {
    }

    public static int report(Throwable error, PrintStream err) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConfigException || t instanceof LintException) {
                err.println("Kindly cannot start: " + t.getMessage());
                return EXIT_CONFIG;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        err.println("Kindly stopped: " + error.getMessage());
        if (root != error) {
            err.println("  cause: " + root.getClass().getSimpleName() + ": " + root.getMessage());
        }
        err.println("  (the log has the details)");
        return 1;
    }
}
