package io.kindly.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config} option every command shares. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "DIR", defaultValue = "config",
            description = "Folder with application.properties, cadence.properties, channels.properties "
                    + "and policy.properties (default: ${DEFAULT-VALUE}).")
    Path dir = Path.of("config");

    public Path dir() {
        return dir;
    }
}
