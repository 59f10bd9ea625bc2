package io.kindly.preview;

import io.kindly.ledger.LedgerSchema;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A preview reads the real ledger through connections the database itself keeps from writing. */
class PreviewDatabasesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void thePreviewsLedgerConnectionsCannotWrite(String kind) throws Exception {
        try (TestDatabases.Scratch scratch = TestDatabases.of(kind, dir)) {
            try (var ds = io.kindly.db.Databases.pool(scratch.settings(), "setup", false)) {
                LedgerSchema.migrate(ds);
            }
            PreviewDatabases.Opened opened = PreviewDatabases.ledger(scratch.settings());
            try (var ds = opened.ds()) {
                assertThat(opened.fresh()).isFalse();
                assertThat(opened.note()).contains("read-only");
                try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                    try (ResultSet rs = st.executeQuery("select count(*) from kindly_contact")) {
                        assertThat(rs.next()).isTrue();
                    }
                    SQLException refused = catchThrowableOfType(SQLException.class, () -> st.executeUpdate(
                            "insert into kindly_borrower (borrower_id, created_at_utc) values ('B1', CURRENT_TIMESTAMP)"));
                    assertThat((Object) refused).as("the database refuses a write").isNotNull();
                    c.rollback();
                }
            }
        }
    }

    @Test
    void withoutALedgerYetThePreviewUsesAPrivateEmptyOne() throws Exception {
        TestDatabases.Scratch none = TestDatabases.h2(dir);
        PreviewDatabases.Opened opened = PreviewDatabases.ledger(none.settings());
        try (var ds = opened.ds()) {
            assertThat(opened.fresh()).isTrue();
            assertThat(opened.note()).contains("no ledger", "first run");
            assertThat(ds.getJdbcUrl()).startsWith("jdbc:h2:mem:");
        }
        assertThat(dir.resolve("ledger.mv.db")).doesNotExist();
    }
}
