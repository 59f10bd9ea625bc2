package io.kindly.cli;

import io.kindly.app.KindlyApp;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

/** The daemon: cycles start on the Quartz schedule in {@code config/application.properties} until SIGTERM. */
@Command(name = "run", description = "Start the daemon: run reminder cycles on the configured schedule until stopped.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    public RunCommand() {
    }

    /** For {@code kindly} without a command, which means {@code kindly run}. */
    public RunCommand(ConfigOption config) {
        this.config = config;
    }

    @Override
    public Integer call() {
        try {
            Main main = KindlyApp.newMain(config.dir(), Map.of());
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            return Failures.report(e, System.err);
        }
    }
}
