package io.kindly.cli;

import io.kindly.app.ConfigLookup;
import io.kindly.app.Preflight;
import io.kindly.lint.Finding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code kindly lint}: the checks start-up runs (settings, routes, templates), printed one finding a line as
 * {@code file:line: severity [rule] message}. Exits 1 when there is an error, so a lender's CI can gate on it.
 */
@Command(name = "lint", description = "Check config, routes and templates; print each finding with file, line and rule.")
public final class LintCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        Preflight.Result result;
        try (ConfigLookup lookup = ConfigLookup.open(config.dir())) {
            result = Preflight.run(lookup::get, lookup.files(), Clock.systemUTC());
        } catch (RuntimeException e) {
            return Failures.report(e, System.err);
        }
        List<Finding> all = result.all().stream()
                .sorted(Comparator.comparing(Finding::file).thenComparingInt(Finding::line)).toList();
        all.forEach(out::println);
        long errors = all.stream().filter(Finding::isError).count();
        long warnings = all.size() - errors;
        out.println();
        out.println((errors == 0 ? "OK: " : "FAILED: ") + errors + (errors == 1 ? " error, " : " errors, ") + warnings
                + (warnings == 1 ? " warning" : " warnings") + " in " + config.dir() + ", routes and "
                + result.settings().templatesDir());
        return errors == 0 ? 0 : 1;
    }
}
