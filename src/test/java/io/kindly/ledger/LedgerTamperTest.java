package io.kindly.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Status;
import io.kindly.support.LedgerRows;
import io.kindly.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hash chains catch the ledger edited in the database behind Kindly's back, on each supported database: an entry
 * altered, deleted, inserted (a copy, or a row with no seal) or moved, and the last entries of a chain removed, with
 * the head row left as it was or rewritten to match (then only the signed checkpoint shows it).
 */
class LedgerTamperTest {
    @TempDir
    Path dir;

    /** Six entries in one loan's chain, from two contacts (SMS and email), as a cycle writes them. */
    static void writeLoan(LedgerStore store, String loanId) {
        Contact skipped = LedgerStoreTest.contact(loanId, Channel.SMS);
        skipped.skip(Reason.MOBILE_INVALID, "not a valid number for country code +886");
        assertThat(store.recordDecision(skipped)).isTrue();
        Contact deferred = LedgerStoreTest.contact(loanId, Channel.SMS);
        deferred.defer(Instant.parse("2026-11-24T01:00:00Z"), Reason.OUTSIDE_WINDOW, "waits for 08:00");
        assertThat(store.recordDecision(deferred)).isTrue();
        Contact sms = LedgerStoreTest.contact(loanId, Channel.SMS);
        sms.recipient("+886912345678");
        sms.message(new Message("due-today/sms_zh_TW.ftl", "a".repeat(64), Locale.forLanguageTag("zh-TW"), null,
                "【示範貸】您好！您的借款今天到期。", null));
        assertThat(store.claim(sms)).isTrue();
        store.recordOutcome(sms, Status.SENT, null, "gw-" + loanId, null);
        Contact email = LedgerStoreTest.contact(loanId, Channel.EMAIL);
        email.recipient("yi@example.com");
        email.message(new Message("due-today/email_en.ftl", "b".repeat(64), Locale.ENGLISH, "Due today",
                "Hello, your repayment is due today.", "<p>Hello</p>"));
        assertThat(store.claim(email)).isTrue();
        store.recordOutcome(email, Status.FAILED, Reason.GATEWAY_REJECTED, null, "550 no such user");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void everyKindOfTamperingIsCaughtAndNamed(String kind) throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.of(kind, dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            JdbcLedgerStore store = new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node");
            List<String> loans = List.of("L-OK", "L-ALT", "L-DEL", "L-INS", "L-ORD", "L-TAIL", "L-TAIL2");
            loans.forEach(loan -> writeLoan(store, loan));
            LedgerCheckpoints checkpoints = new LedgerCheckpoints(ds, new CheckpointSettings(dir.resolve("cp"),
                    "test-checkpoint-secret-0123456789", 15), Clock.systemUTC());
            checkpoints.write();

            LedgerVerify.Report clean = new LedgerVerify(ds).verify(checkpoints.latest());
            assertThat(clean.breaks()).isEmpty();
            assertThat(clean.entries()).isEqualTo(6L * loans.size());
            assertThat(clean.chains()).isEqualTo(loans.size());

            exec(ds, "update kindly_ledger_entry set recipient = '+886900000000' where entry_id = ?", id(ds, "L-ALT", 3));
            exec(ds, "delete from kindly_ledger_entry where entry_id = ?", id(ds, "L-DEL", 3));
            // a copy of a real entry, claiming the loan was told something else
            exec(ds, "insert into kindly_ledger_entry (" + EntryRow.COLUMNS + ", chain_id, chain_seq, prev_hash,"
                    + " personal_salt, personal_hash, entry_hash) select " + EntryRow.COLUMNS.replace("status,",
                    "'SUPPRESSED',") + ", chain_id, chain_seq, prev_hash, personal_salt, personal_hash, entry_hash"
                    + " from kindly_ledger_entry where entry_id = ?", id(ds, "L-INS", 2));
            // a row typed in by hand, with no seal
            exec(ds, "insert into kindly_ledger_entry (recorded_at_utc, loan_id, borrower_id, status, reason)"
                    + " values (?, 'L-RAW', 'B-L-RAW', 'SUPPRESSED', 'HOLD_DISPUTE')",
                    java.time.LocalDateTime.of(2026, 11, 23, 2, 0));
            long second = id(ds, "L-ORD", 2);
            long third = id(ds, "L-ORD", 3);
            exec(ds, "update kindly_ledger_entry set entry_id = ? where entry_id = ?", -1L, second);
            exec(ds, "update kindly_ledger_entry set entry_id = ? where entry_id = ?", second, third);
            exec(ds, "update kindly_ledger_entry set entry_id = ? where entry_id = ?", third, -1L);
            exec(ds, "delete from kindly_ledger_entry where entry_id = ?", id(ds, "L-TAIL", 6));
            // the tail removed and the head row rewritten to match: only the checkpoint knows
            exec(ds, "delete from kindly_ledger_entry where entry_id = ?", id(ds, "L-TAIL2", 6));
            String fifth = LedgerRows.query(ds, "select entry_hash from kindly_ledger_entry where entry_id = ?",
                    id(ds, "L-TAIL2", 5)).get(0).get("entry_hash");
            exec(ds, "update kindly_ledger_chain set entries = 5, head_hash = ? where chain_id = 'loan:L-TAIL2'", fifth);

            LedgerVerify.Report report = new LedgerVerify(ds).verify(checkpoints.latest());
            Map<String, LedgerVerify.Kind> kinds = report.breaks().stream()
                    .collect(Collectors.toMap(LedgerVerify.Break::chainId, LedgerVerify.Break::kind));
            assertThat(kinds).containsOnly(
                    Map.entry("loan:L-ALT", LedgerVerify.Kind.ALTERED),
                    Map.entry("loan:L-DEL", LedgerVerify.Kind.DELETED),
                    Map.entry("loan:L-INS", LedgerVerify.Kind.INSERTED),
                    Map.entry("no chain", LedgerVerify.Kind.INSERTED),
                    Map.entry("loan:L-ORD", LedgerVerify.Kind.REORDERED),
                    Map.entry("loan:L-TAIL", LedgerVerify.Kind.DELETED),
                    Map.entry("loan:L-TAIL2", LedgerVerify.Kind.DELETED));
            assertThat(report.breaks()).filteredOn(b -> b.chainId().equals("loan:L-TAIL2")).singleElement()
                    .satisfies(b -> assertThat(b.explanation()).contains("signed checkpoint"));
            assertThat(report.breaks()).filteredOn(b -> b.chainId().equals("loan:L-ALT")).singleElement()
                    .satisfies(b -> assertThat(b.entryId()).isEqualTo(id(ds, "L-ALT", 3)));
            assertThat(report.breaks()).filteredOn(b -> b.chainId().equals("loan:L-DEL")).singleElement()
                    .satisfies(b -> assertThat(b.explanation()).contains("position 3"));
            // named in the order they were written: the first broken entry first
            assertThat(report.breaks()).isSortedAccordingTo(java.util.Comparator.comparingLong(
                    LedgerVerify.Break::entryId));
        }
    }

    @Test
    void aCheckpointEditedOrSignedWithAnotherKeyIsRefused() throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.h2(dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            writeLoan(new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node"), "L1");
            Path file = new LedgerCheckpoints(ds, new CheckpointSettings(dir.resolve("cp"),
                    "test-checkpoint-secret-0123456789", 15), Clock.systemUTC()).write();
            java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file).replace("\t6\t", "\t9\t"));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LedgerCheckpoints(ds,
                    new CheckpointSettings(dir.resolve("cp"), "test-checkpoint-secret-0123456789", 15),
                    Clock.systemUTC()).latest()).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("does not carry a valid signature");
        }
    }

    /** A ledger written before the chains existed is sealed as found when it is upgraded, and verifies. */
    @Test
    void entriesFromBeforeTheChainsAreSealedAtUpgrade() throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.h2(dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/ledger/h2").table(LedgerSchema.HISTORY_TABLE)
                    .target("5").load().migrate();
            for (String loan : List.of("OLD-1", "OLD-2", "OLD-1")) {
                exec(ds, "insert into kindly_ledger_entry (recorded_at_utc, loan_id, borrower_id, status, recipient,"
                        + " body) values (?, ?, 'B', 'SENT', '+8613800138000', '您好')",
                        java.time.LocalDateTime.of(2026, 11, 23, 2, 0, 0, 123_456_000), loan);
            }
            LedgerSchema.migrate(ds);
            assertThat(LedgerRows.entries(ds, "loan_id = 'OLD-1'")).extracting(e -> e.get("chain_seq"))
                    .containsExactly("1", "2");
            writeLoan(new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node"), "OLD-2");
            LedgerVerify.Report report = new LedgerVerify(ds).verify(Optional.empty());
            assertThat(report.breaks()).isEmpty();
            assertThat(report.entries()).isEqualTo(9);
        }
    }

    /** Retention erases what was said and where, keeps what was decided and when, and the chains still verify. */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void retentionErasesContentsAndAddressesAndVerifyStillPasses(String kind) throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.of(kind, dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            Instant written = Instant.parse("2023-01-10T02:00:00Z");
            writeLoan(new JdbcLedgerStore(ds, Clock.fixed(written, java.time.ZoneOffset.UTC), "test-node"), "OLD");
            writeLoan(new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node"), "NEW");
            LedgerCheckpoints checkpoints = new LedgerCheckpoints(ds, new CheckpointSettings(dir.resolve("cp"),
                    "test-checkpoint-secret-0123456789", 15), Clock.systemUTC());
            checkpoints.write();

            long erased = new LedgerRetention(ds, 1095, Clock.systemUTC()).eraseExpired();
            assertThat(erased).isEqualTo(6);
            assertThat(LedgerRows.entries(ds, "loan_id = 'OLD'")).hasSize(6).allSatisfy(e -> {
                assertThat(e.get("recipient")).isNull();
                assertThat(e.get("body")).isNull();
                assertThat(e.get("detail")).isNull();
                assertThat(e.get("personal_salt")).isNull();
                assertThat(e.get("erased_at_utc")).isNotNull();
                assertThat(e.get("status")).isNotNull();
            });
            assertThat(LedgerRows.entries(ds, "loan_id = 'NEW' and recipient is not null")).isNotEmpty();
            assertThat(LedgerRows.query(ds, "select count(*) n from kindly_contact where loan_id = 'OLD'"
                    + " and account_snapshot is not null").get(0).get("n")).isEqualTo("0");
            assertThat(new LedgerVerify(ds).verify(checkpoints.latest()).breaks()).isEmpty();
            assertThat(new LedgerRetention(ds, 1095, Clock.systemUTC()).eraseExpired()).isZero();

            // an erased entry whose remaining contents are then changed is still caught
            exec(ds, "update kindly_ledger_entry set status = 'DELIVERED' where entry_id = ?", id(ds, "OLD", 4));
            assertThat(new LedgerVerify(ds).verify(checkpoints.latest()).breaks())
                    .extracting(LedgerVerify.Break::kind).containsExactly(LedgerVerify.Kind.ALTERED);
        }
    }

    static long id(DataSource ds, String loan, int position) {
        return Long.parseLong(LedgerRows.query(ds, "select entry_id from kindly_ledger_entry where chain_id = ?"
                + " and chain_seq = ?", "loan:" + loan, position).get(0).get("entry_id"));
    }

    static void exec(DataSource ds, String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }
}
