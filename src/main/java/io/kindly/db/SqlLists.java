package io.kindly.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

/**
 * IN lists for the queries that read or lock a whole batch of rows at once.
 *
 * <p>A list is padded to the next power of two by repeating its last value (which changes no result): the statement
 * then takes one of a few shapes instead of one per batch size, so the database can keep it prepared and planned
 * rather than parse and plan it again for every batch.
 */
public final class SqlLists {
    private SqlLists() {
    }

    /** "?, ?, ?, ?" for an IN list of n values, padded ({@link #bind} fills the padding). */
    public static String marks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return String.join(", ", Collections.nCopies(padded(n), "?"));
    }

    /**
     * Binds the values from parameter {@code first} on, then repeats the last one up to the padded length
     * {@link #marks} wrote; returns the next free parameter.
     */
    public static int bind(PreparedStatement ps, int first, Collection<String> values) throws SQLException {
        int i = first;
        String last = null;
        for (String v : values) {
            ps.setString(i++, v);
            last = v;
        }
        for (int n = values.size(); n < padded(values.size()); n++) {
            ps.setString(i++, last);
        }
        return i;
    }

    static int padded(int n) {
        return n <= 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
    }
}
