package io.kindly.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.Kindly;
import io.kindly.db.DatabaseSettings;
import io.kindly.db.Databases;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.LedgerSchema;
import io.kindly.support.Console;
import io.kindly.support.LedgerRows;
import io.kindly.support.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ledger verify} and {@code ledger checkpoint} through the command line: exit codes and what they say. */
class LedgerVerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void verifyPassesOnAnIntactLedgerAndNamesTheFirstBrokenEntryOtherwise() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger").toAbsolutePath();
        Path config = TestConfig.copyOfShipped(dir.resolve("config"));
        TestConfig.local(config, Map.of("kindly.ledger.url", url,
                "kindly.ledger.checkpoint-dir", dir.resolve("checkpoints").toString().replace('\\', '/')));
        long altered;
        try (HikariDataSource ds = Databases.pool(new DatabaseSettings("kindly.ledger", url, "sa", "", 2), "t", false)) {
            LedgerSchema.migrate(ds);
            JdbcLedgerStore store = new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node");
            for (String loan : new String[] {"L1", "L2"}) {
                Contact c = new Contact(io.kindly.ledger.LedgerStoreTestAccess.account(loan),
                        io.kindly.ledger.LedgerStoreTestAccess.stage(), Channel.SMS,
                        io.kindly.ledger.LedgerStoreTestAccess.DATE, "run-1");
                c.skip(Reason.MOBILE_INVALID, "not a valid number");
                store.recordDecision(c);
            }
            altered = Long.parseLong(LedgerRows.query(ds, "select entry_id from kindly_ledger_entry where loan_id = 'L2'")
                    .get(0).get("entry_id"));
        }

        Console.Result checkpoint = run(config, "ledger", "checkpoint");
        assertThat(checkpoint.exitCode()).as(checkpoint.err()).isZero();
        assertThat(checkpoint.out()).contains("Checkpoint written: ").contains("checkpoints");
        Console.Result intact = run(config, "ledger", "verify");
        assertThat(intact.exitCode()).as(intact.out() + intact.err()).isZero();
        assertThat(intact.out()).startsWith("Ledger intact: 2 entries in 2 chains; checked against checkpoint");

        try (Connection c = java.sql.DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.executeUpdate("update kindly_ledger_entry set reason = 'HOLD_DISPUTE' where entry_id = " + altered);
        }
        Console.Result broken = run(config, "ledger", "verify");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).contains("Ledger BROKEN: 1 chain(s) broken, first at entry " + altered
                + " (loan:L2): altered: its contents no longer match its hash");
    }

    private static Console.Result run(Path config, String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        return Console.capture(() -> Kindly.commandLine().execute(all));
    }
}
