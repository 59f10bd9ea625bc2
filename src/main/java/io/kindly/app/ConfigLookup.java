package io.kindly.app;

import io.kindly.config.ConfigFiles;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The lender's properties for commands that start no routes (lint, export, holds, opt-outs): the same {@code config/}
 * files, environment variables and system properties as the daemon, resolved by a Camel context that is built but
 * never started.
 */
public final class ConfigLookup implements AutoCloseable {
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ConfigFiles files;

    private ConfigLookup(Path configDir, Map<String, String> overrides) {
        files = ConfigFiles.in(configDir);
        KindlyApp.requireFiles(files);
        camel.getPropertiesComponent().setEncoding("UTF-8");
        camel.getPropertiesComponent().setLocation(files.camelLocations());
        Properties override = new Properties();
        override.putAll(overrides);
        override.putIfAbsent(KindlyConfiguration.CONFIG_DIR, configDir.toString());
        camel.getPropertiesComponent().setOverrideProperties(override);
        camel.build();
    }

    public static ConfigLookup open(Path configDir) {
        return new ConfigLookup(configDir, Map.of());
    }

    /** @param overrides properties that win over everything else (as the command line's do for the daemon) */
    public static ConfigLookup open(Path configDir, Map<String, String> overrides) {
        return new ConfigLookup(configDir, overrides);
    }

    public ConfigFiles files() {
        return files;
    }

    public Optional<String> get(String key) {
        return camel.getPropertiesComponent().resolveProperty(key);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
