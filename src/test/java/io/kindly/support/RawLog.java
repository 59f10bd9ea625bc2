package io.kindly.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The unmasked test log (target/test-logs/raw.log, see log4j2-test.xml): what Kindly itself wrote, before the
 * layout's masking, so tests can check it never logs personal data and that it logs what it must.
 */
public final class RawLog {
    private static final Path FILE = Path.of("target/test-logs/raw.log");

    private RawLog() {
    }

    /** Where the log ends now; pass it to {@link #since(long)} later. */
    public static long mark() {
        try {
            return Files.exists(FILE) ? Files.size(FILE) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything written after the mark (the log is UTF-8, so the mark is a byte offset, not a character index). */
    public static String since(long mark) {
        try {
            byte[] all = Files.readAllBytes(FILE);
            return new String(Arrays.copyOfRange(all, (int) Math.min(mark, all.length), all.length),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
