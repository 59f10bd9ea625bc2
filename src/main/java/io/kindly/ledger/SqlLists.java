package io.kindly.ledger;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;

/** IN lists for the queries that read or lock a whole batch of rows at once. */
public final class SqlLists {
    private SqlLists() {
    }

    /** "?, ?, ?" for an IN list of n values. */
    public static String marks(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Binds the values from parameter {@code first} on; returns the next free parameter. */
    public static int bind(PreparedStatement ps, int first, Collection<String> values) throws SQLException {
        int i = first;
        for (String v : values) {
            ps.setString(i++, v);
        }
        return i;
    }
}
