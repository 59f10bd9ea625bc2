package io.kindly.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The lender's configuration files in {@code config/}, in precedence order, and where each key was set.
 *
 * <p>Camel reads the values (so environment variables and {@code -D} system properties override files, as in any
 * camel-main application); this class only knows the files well enough to say where a bad value came from, and to
 * find keys that nothing reads (usually a typo).
 */
public final class ConfigFiles {
    /**
     * Files in precedence order: Camel's properties component lets the first location that defines a key win, so the
     * optional machine-local overrides come first.
     */
    public static final List<String> FILES = List.of(
            "local.properties", "application.properties", "cadence.properties", "channels.properties",
            "policy.properties", "inbound.properties");
    private static final String OPTIONAL = "local.properties";

    private final Path dir;
    private final Map<String, String> origins = new LinkedHashMap<>();

    private ConfigFiles(Path dir) {
        this.dir = dir;
        for (String name : FILES) {
            Path file = dir.resolve(name);
            if (Files.isRegularFile(file)) {
                readOrigins(file);
            }
        }
    }

    public static ConfigFiles in(Path dir) {
        return new ConfigFiles(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The files that must exist; start-up names the first one missing. */
    public List<Path> required() {
        return FILES.stream().filter(f -> !f.equals(OPTIONAL)).map(dir::resolve).toList();
    }

    /** The property placeholder locations for Camel, in precedence order. */
    public String camelLocations() {
        return FILES.stream()
                .map(f -> "file:" + dir.resolve(f).toString().replace('\\', '/') + (f.equals(OPTIONAL) ? ";optional=true" : ""))
                .collect(Collectors.joining(","));
    }

    /** Keys set in the files, with their origin. */
    public Map<String, String> fileKeys() {
        return origins;
    }

    /**
     * Where the effective value of a key comes from: a system property, an environment variable (Camel maps
     * {@code kindly.channel.sms.url} to {@code KINDLY_CHANNEL_SMS_URL}), or the first file that sets it.
     */
    public String originOf(String key) {
        if (System.getProperty(key) != null) {
            return "system property -D" + key;
        }
        String env = envName(key);
        if (System.getenv(env) != null) {
            return "environment variable " + env;
        }
        return Optional.ofNullable(origins.get(key)).orElse(dir.resolve(fileFor(key)).toString());
    }

    /** Camel's mapping from a property key to the environment variable that overrides it. */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The file a key belongs in, for problems about keys that are missing altogether. */
    public static String fileFor(String key) {
        if (key.startsWith("kindly.cadence.")) {
            return "cadence.properties";
        }
        if (key.startsWith("kindly.channel.")) {
            return "channels.properties";
        }
        if (key.startsWith("kindly.policy.")) {
            return "policy.properties";
        }
        if (key.startsWith("kindly.inbound.")) {
            return "inbound.properties";
        }
        return "application.properties";
    }

    private void readOrigins(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        // Properties gives the exact keys; the line scan below only finds the line numbers for messages.
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file.toString(), "(file)", "not a valid properties file: " + e.getMessage());
        }
        List<String> lines = text.lines().toList();
        Map<String, Integer> lineOf = new LinkedHashMap<>();
        boolean continued = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            boolean startsEntry = !continued && !line.isEmpty() && line.charAt(0) != '#' && line.charAt(0) != '!';
            if (startsEntry) {
                String key = keyOf(line);
                lineOf.put(key, i + 1); // within a file the last occurrence is the one in effect
            }
            continued = endsWithContinuation(lines.get(i)) && (continued || startsEntry);
        }
        List<String> keys = new ArrayList<>(props.stringPropertyNames());
        keys.sort(null);
        for (String key : keys) {
            Integer line = lineOf.get(key);
            origins.putIfAbsent(key, file + (line == null ? "" : ":" + line));
        }
    }

    private static String keyOf(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                key.append(line.charAt(++i));
            } else if (c == '=' || c == ':' || Character.isWhitespace(c)) {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithContinuation(String line) {
        int slashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            slashes++;
        }
        return slashes % 2 == 1;
    }
}
