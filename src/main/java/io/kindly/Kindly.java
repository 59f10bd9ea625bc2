package io.kindly;

import io.kindly.bench.BenchCommand;
import io.kindly.cli.ConfigOption;
import io.kindly.cli.HoldCommand;
import io.kindly.cli.LedgerCommand;
import io.kindly.cli.LintCommand;
import io.kindly.cli.OnceCommand;
import io.kindly.cli.OptOutCommand;
import io.kindly.cli.PreviewCommand;
import io.kindly.cli.RunCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code java -jar target/kindly.jar [run | once | bench | ledger export]}: the daemon, one cycle, a measured cycle,
 * or the ledger.
 *
 * <p>No logger is touched before {@link #main} has pointed Log4j at {@code config/log4j2.xml}, so the lender's logging
 * settings (including the masking of phone numbers and email addresses) apply from the first line.
 */
@Command(name = "kindly", mixinStandardHelpOptions = true, versionProvider = Kindly.Version.class,
        description = "Polite, lawful, recorded repayment reminders.",
        subcommands = {RunCommand.class, OnceCommand.class, BenchCommand.class, PreviewCommand.class, LintCommand.class, LedgerCommand.class, HoldCommand.class,
            OptOutCommand.class})
public final class Kindly implements Callable<Integer> {
    @Mixin
    ConfigOption config = new ConfigOption();

    public static void main(String[] args) {
        useLenderLogging(configDirIn(args));
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Kindly()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Without a command, Kindly runs the daemon. */
    @Override
    public Integer call() throws Exception {
        return new RunCommand(config).call();
    }

    /** The --config folder, found before picocli runs because logging must be set up first. */
    static Path configDirIn(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return Path.of("config");
    }

    static void useLenderLogging(Path configDir) {
        // KINDLY_LOG_FORMAT=json: one JSON object a line, with the run and contact ids (config/log4j2-json.xml)
        String format = System.getenv().getOrDefault("KINDLY_LOG_FORMAT", System.getProperty("kindly.log.format", ""));
        Path file = configDir.resolve("json".equalsIgnoreCase(format.strip()) ? "log4j2-json.xml" : "log4j2.xml");
        if (System.getProperty("log4j2.configurationFile") == null && Files.isRegularFile(file)) {
            System.setProperty("log4j2.configurationFile", file.toAbsolutePath().toString());
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Kindly.class.getPackage().getImplementationVersion();
            return new String[] {"Kindly " + (v == null ? "(development build)" : v)};
        }
    }
}
