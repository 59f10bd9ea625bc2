package io.kindly.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The ways Kindly can reach a borrower. Each has one route under {@code routes/channels/}. */
public enum Channel {
    SMS("sms"),
    EMAIL("email"),
    INAPP("inapp");

    private final String id;

    Channel(String id) {
        this.id = id;
    }

    /** The lower-case name used in config keys, route ids and template file names. */
    public String id() {
        return id;
    }

    public static Optional<Channel> byId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.id.equals(wanted)).findFirst();
    }

    @Override
    public String toString() {
        return id;
    }
}
