package io.kindly.app;

import io.kindly.config.ConfigException;
import io.kindly.config.ConfigFiles;
import org.apache.camel.main.Main;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Builds the camel-main application: Kindly's configuration class plus the lender's {@code config/} files as Camel's
 * property sources (environment variables and {@code -D} system properties override them, as in any camel-main
 * application).
 */
public final class KindlyApp {
    /** The registry name of the properties this application was started with over config/ (a Map). */
    static final String OVERRIDES = "kindlyOverrides";

    private KindlyApp() {
    }

    /**
     * @param overrides properties that win over everything else; the {@code once} command uses them to switch off the
     *                  schedule, for example
     */
    public static Main newMain(Path configDir, Map<String, String> overrides) {
        ConfigFiles files = ConfigFiles.in(configDir);
        requireFiles(files);
        Main main = new KindlyMain();
        main.configure().addConfiguration(new KindlyConfiguration());
        main.setPropertyPlaceholderLocations(files.camelLocations());
        main.addInitialProperty(KindlyConfiguration.CONFIG_DIR, configDir.toString());
        overrides.forEach(main::addOverrideProperty);
        // kept for a preview the daemon makes (GET /admin/preview): it starts the same way, with the same overrides
        main.bind(OVERRIDES, Map.copyOf(overrides));
        return main;
    }

    /**
     * Stops Kindly gracefully when the process is asked to stop (SIGTERM, Ctrl-C) while it runs a single cycle: Camel
     * then lets the sends in hand finish and be recorded, parks the messages waiting for a retry, and takes no new
     * accounts (the daemon, {@code run}, gets the same from camel-main's own signal handling). Without it the JVM would
     * exit mid-send and leave claims for the next start to settle.
     *
     * @return the hook, to {@link #forgetSignal(Thread) forget} once the work is done
     */
    public static Thread stopOnSignal(Runnable stop) {
        Thread hook = new Thread(stop, "kindly-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** The work ended on its own: a later signal has nothing to stop. */
    public static void forgetSignal(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException stopping) {
            // the JVM is already shutting down, and the hook is running or has run
        }
    }

    /** Names the first settings file that is missing. */
    public static void requireFiles(ConfigFiles files) {
        for (Path required : files.required()) {
            if (!Files.isRegularFile(required)) {
                throw new ConfigException(required.toString(), "(file)",
                        "missing: Kindly reads its settings from this file (run from the Kindly folder, or pass --config)");
            }
        }
    }
}
