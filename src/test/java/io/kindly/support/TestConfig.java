package io.kindly.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A copy of the shipped {@code config/} folder in a test directory, for tests that run the command line or need to
 * break a file on purpose. Machine-specific settings (ports, data paths) go into {@code local.properties}, which wins
 * over the other files exactly as it does for a lender.
 */
public final class TestConfig {
    private TestConfig() {
    }

    public static Path copyOfShipped(Path target) {
        return copyTree(Path.of("config"), target);
    }

    /** Copies a folder of the project (config/, templates/) so a test can change the copy. */
    public static Path copyTree(Path from, Path target) {
        try {
            Files.createDirectories(target);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = target.resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings that keep a command-line run inside the test's folder and on free ports, with the demo's own sinks. */
    public static Path localDemo(Path configDir, Path dataDir) {
        int httpPort = Ports.free();
        return local(configDir, Map.of(
                "kindly.ledger.url", "jdbc:h2:file:" + dataDir.resolve("ledger").toAbsolutePath(),
                "kindly.source.sql.url", "jdbc:h2:file:" + dataDir.resolve("loanbook").toAbsolutePath(),
                "kindly.demo.outbox", dataDir.resolve("outbox").toString().replace('\\', '/'),
                "kindly.ledger.checkpoint-dir", dataDir.resolve("checkpoints").toString().replace('\\', '/'),
                // the demo's mail sink on any free port (and the email channel told which): what a lender running
                // several demo daemons on one machine sets
                "kindly.demo.smtp-port", "0",
                "camel.server.port", String.valueOf(httpPort),
                "camel.management.port", String.valueOf(Ports.free()),
                "kindly.channel.sms.url", "http://127.0.0.1:" + httpPort + "/demo-sink/sms",
                "kindly.channel.inapp.url", "http://127.0.0.1:" + httpPort + "/demo-sink/inapp"));
    }

    public static Path local(Path configDir, Map<String, String> properties) {
        StringBuilder sb = new StringBuilder();
        properties.forEach((k, v) -> sb.append(k).append(" = ").append(v).append('\n'));
        return append(configDir.resolve("local.properties"), sb.toString());
    }

    public static Path append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the first occurrence of a text in a file, failing if it is not there. */
    public static void replace(Path file, String from, String to) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (!text.contains(from)) {
                throw new IllegalArgumentException(file + " does not contain " + from);
            }
            Files.writeString(file, text.replaceFirst(java.util.regex.Pattern.quote(from),
                    java.util.regex.Matcher.quoteReplacement(to)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-based line of the first line of a file that contains the text, for checking what a finding points at. */
    public static int lineOf(Path file, String text) {
        try {
            java.util.List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError(text + " not in " + file);
    }
}
