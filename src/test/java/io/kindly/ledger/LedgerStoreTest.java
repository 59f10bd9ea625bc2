package io.kindly.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.domain.Contact;
import io.kindly.domain.Message;
import io.kindly.domain.Reason;
import io.kindly.domain.Stage;
import io.kindly.domain.Status;
import io.kindly.domain.CycleRun;
import io.kindly.source.RowRejectedException;
import io.kindly.support.LedgerRows;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ledger on each supported database: the migrations apply, a business key is claimed at most once even under a
 * race, a closed key is never overwritten by a later decision, and the evidence reads back exactly (Chinese text
 * included).
 */
class LedgerStoreTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    static Account account(String loanId) {
        return new Account("B-" + loanId, loanId, "陳怡君", Checked.ok(Locale.forLanguageTag("zh-TW")),
                ZoneId.of("Asia/Taipei"), Checked.ok("+886912345678"), Checked.ok("yi@example.com"),
                Checked.ok("app-1"), new BigDecimal("1250.00"), Currency.getInstance("TWD"), DATE, 0,
                "https://pay.example.com/l/" + loanId, "row 1", List.of("currency missing; used TWD"));
    }

    static Contact contact(String loanId, Channel channel) {
        Stage stage = new Stage("due-today", 0, List.of(Channel.SMS, Channel.EMAIL), "due-today");
        return new Contact(account(loanId), stage, channel, DATE, "run-1");
    }

    interface DbTest {
        void run(LedgerStore store, HikariDataSource ds) throws Exception;
    }

    void onDatabase(String kind, DbTest test) throws Exception {
        try (TestDatabases.Scratch db = TestDatabases.of(kind, dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            LedgerSchema.migrate(ds); // a second start finds nothing to do
            test.run(new JdbcLedgerStore(ds, CLOCK, "test-node"), ds);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void anOutcomeIsRecordedOnlyUnderThisProcesssClaim(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            Contact never = contact("L7", Channel.SMS);
            never.recipient("+886912345678");
            assertThatThrownBy(() -> store.recordOutcome(never, Status.SENT, null, "gw-7", null))
                    .isInstanceOf(NotClaimedException.class).hasMessageContaining(never.id());
            assertThat(store.statusOf(never.id())).isEmpty();

            // claimed by another process (another node sharing the database): not ours to settle
            Contact theirs = contact("L8", Channel.SMS);
            theirs.recipient("+886912345678");
            assertThat(new JdbcLedgerStore(ds, CLOCK, "other-node").claim(theirs)).isTrue();
            assertThatThrownBy(() -> store.recordOutcome(theirs, Status.SENT, null, "gw-8", null))
                    .isInstanceOf(NotClaimedException.class);
            assertThat(store.statusOf(theirs.id())).contains(Status.CLAIMED);
            assertThat(LedgerRows.entries(ds, "contact_id = ?", theirs.id())).extracting(e -> e.get("status"))
                    .containsExactly("CLAIMED");

            // and the claim marks the contact, so a channel will take it
            Contact mine = contact("L9", Channel.SMS);
            mine.recipient("+886912345678");
            assertThat(mine.isClaimed()).isFalse();
            assertThat(store.claim(mine)).isTrue();
            assertThat(mine.isClaimed()).isTrue();
            store.recordOutcome(mine, Status.SENT, null, "gw-9", null);
            assertThat(store.statusOf(mine.id())).contains(Status.SENT);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aContactIsDecidedClaimedAndSentWithItsEvidence(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            Contact c = contact("L1", Channel.SMS);
            c.recipient("+886912345678");
            c.message(new Message("due-today/sms_zh_TW.ftl", "a".repeat(64), Locale.forLanguageTag("zh-TW"), null,
                    "【示範貸】您好！您的借款今天到期。", null));

            assertThat(store.statusOf(c.id())).isEmpty();
            assertThat(store.claim(c)).isTrue();
            assertThat(store.statusOf(c.id())).contains(Status.CLAIMED);
            store.recordOutcome(c, Status.SENT, null, "gw-1", null);
            assertThat(store.statusOf(c.id())).contains(Status.SENT);

            List<Map<String, String>> entries = LedgerRows.entries(ds, "contact_id = ?", c.id());
            // the claim is written ahead of the send, with what is about to go out
            assertThat(entries).extracting(e -> e.get("status")).containsExactly("CLAIMED", "SENT");
            assertThat(entries.get(0)).containsEntry("body", "【示範貸】您好！您的借款今天到期。")
                    .containsEntry("recipient", "+886912345678").containsEntry("gateway_message_id", null);
            Map<String, String> entry = entries.get(1);
            assertThat(entry).containsEntry("status", "SENT").containsEntry("channel", "sms")
                    .containsEntry("recipient", "+886912345678").containsEntry("gateway_message_id", "gw-1")
                    .containsEntry("body", "【示範貸】您好！您的借款今天到期。").containsEntry("locale", "zh-TW")
                    .containsEntry("time_zone", "Asia/Taipei").containsEntry("local_time", "2026-11-23T10:00:00+08:00")
                    .containsEntry("detail", "currency missing; used TWD").containsEntry("source_ref", "row 1");
            assertThat(entry.get("content_hash")).isEqualTo(JdbcLedgerStore.contentHash(c.message()));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void whatComesBackIsFoundByGatewayIdOrAddressAndRecordedAsEvidence(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            Contact c = contact("L7", Channel.SMS);
            c.recipient("+886912345678");
            c.message(new Message("due-today/sms_zh_TW.ftl", "a".repeat(64), Locale.forLanguageTag("zh-TW"), null,
                    "【示範貸】您好！", null));
            assertThat(store.recordReport(c.id(), Status.DELIVERED, "early")).isEqualTo(LedgerStore.ReportResult.UNKNOWN_CONTACT);
            assertThat(store.claim(c)).isTrue();
            // a receipt that overtakes the record of the send is refused, to be sent again
            assertThat(store.recordReport(c.id(), Status.DELIVERED, "early")).isEqualTo(LedgerStore.ReportResult.NOT_SENT);
            store.recordOutcome(c, Status.SENT, null, "gw-77", null);

            assertThat(store.contactByGatewayId(Channel.SMS, "gw-77")).contains(c.id());
            assertThat(store.contactByGatewayId(Channel.EMAIL, "gw-77")).isEmpty();
            assertThat(store.deliveriesTo(Channel.SMS, "+886912345678")).singleElement().satisfies(d -> {
                assertThat(d.borrowerId()).isEqualTo("B-L7");
                assertThat(d.locale()).isEqualTo("zh-TW");
            });
            assertThat(store.deliveriesTo(Channel.SMS, "+886900000000")).isEmpty();

            assertThat(store.recordReport(c.id(), Status.DELIVERED, "receipt: DELIVRD"))
                    .isEqualTo(LedgerStore.ReportResult.RECORDED);
            assertThat(store.recordReport(c.id(), Status.DELIVERED, "again")).isEqualTo(LedgerStore.ReportResult.UNCHANGED);
            assertThat(store.statusOf(c.id())).contains(Status.DELIVERED);
            assertThat(LedgerRows.entries(ds, "contact_id = ?", c.id()))
                    .extracting(e -> e.get("status") + " " + e.get("detail") + " " + e.get("body"))
                    .containsExactly("CLAIMED currency missing; used TWD 【示範貸】您好！",
                            "SENT currency missing; used TWD 【示範貸】您好！", "DELIVERED receipt: DELIVRD 【示範貸】您好！");

            String id = store.recordInbound(new LedgerStore.InboundEntry("sms-receipt", c.id(), "B-L7", "+886912345678",
                    "{\"status\":\"DELIVRD\",\"text\":\"退訂\"}", "DELIVERED", "receipt"));
            assertThat(LedgerRows.query(ds, "select * from kindly_inbound where inbound_id = ?", id)).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("payload", "{\"status\":\"DELIVRD\",\"text\":\"退訂\"}")
                            .containsEntry("action", "DELIVERED").containsEntry("address", "+886912345678")
                            .hasEntrySatisfying("received_at_utc", t -> assertThat(t).startsWith("2026-11-23 02:00:00")));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void aClosedBusinessKeyIsNeverClaimedOrOverwrittenAgain(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            Contact first = contact("L2", Channel.EMAIL);
            assertThat(store.claim(first)).isTrue();
            store.recordOutcome(first, Status.SENT, null, "<id@x>", null);

            Contact again = contact("L2", Channel.EMAIL); // same business key, e.g. a second run of the date
            assertThat(again.id()).isEqualTo(first.id());
            assertThat(store.claim(again)).isFalse();
            again.suppress(Reason.INTERNAL_ERROR, "a later decision");
            assertThat(store.recordDecision(again)).isFalse();
            assertThat(store.statusOf(first.id())).contains(Status.SENT);
            assertThat(LedgerRows.entries(ds, "contact_id = ?", first.id())).extracting(e -> e.get("status"))
                    .containsExactly("CLAIMED", "SENT");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void anOpenDecisionCanBeRevisitedAndThenClaimed(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            Contact skipped = contact("L3", Channel.SMS);
            skipped.skip(Reason.MOBILE_INVALID, "not a valid number for country code +886");
            assertThat(store.recordDecision(skipped)).isTrue();
            assertThat(store.statusOf(skipped.id())).contains(Status.SKIPPED);

            Contact deferred = contact("L3", Channel.SMS);
            deferred.defer(Instant.parse("2026-11-24T01:00:00Z"), Reason.INTERNAL_ERROR, "waits");
            assertThat(store.recordDecision(deferred)).isTrue();
            assertThat(LedgerRows.query(ds, "select not_before_utc from kindly_contact where contact_id = ?",
                    deferred.id()).get(0).get("not_before_utc")).startsWith("2026-11-24 01:00");

            Contact retry = contact("L3", Channel.SMS);
            assertThat(store.claim(retry)).isTrue();
            store.recordOutcome(retry, Status.FAILED, Reason.GATEWAY_REJECTED, null, "HTTP 400: bad number");
            assertThat(LedgerRows.entries(ds, "contact_id = ?", retry.id())).extracting(e -> e.get("status"))
                    .containsExactly("SKIPPED", "DEFERRED", "CLAIMED", "FAILED");
            assertThat(LedgerRows.query(ds, "select count(*) n from kindly_contact where contact_id = ?", retry.id())
                    .get(0).get("n")).isEqualTo("1");
        });
    }

    /**
     * Many dispatchers (threads here; daemons sharing a database behave the same, since the lock is the database's)
     * race to claim the same business keys. Each key is won exactly once.
     */
    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void racingDispatchersClaimEachBusinessKeyExactlyOnce(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            int keys = 40;
            int racers = 6;
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> wins = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    Callable<Integer> racer = () -> {
                        start.await(10, TimeUnit.SECONDS);
                        int won = 0;
                        for (int k = 0; k < keys; k++) {
                            if (store.claim(contact("RACE-" + k, Channel.SMS))) {
                                won++;
                            }
                        }
                        return won;
                    };
                    wins.add(pool.submit(racer));
                }
                start.countDown();
                int total = 0;
                for (Future<Integer> w : wins) {
                    total += w.get(60, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(keys);
            } finally {
                pool.shutdownNow();
            }
            assertThat(LedgerRows.query(ds, "select count(*) n from kindly_contact where status = 'CLAIMED'").get(0)
                    .get("n")).isEqualTo(String.valueOf(keys));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void rejectedRowsAndRunsAreRecordedAndExported(String kind) throws Exception {
        onDatabase(kind, (store, ds) -> {
            CycleRun run = new CycleRun(DATE, "test", CLOCK.instant());
            store.beginRun(run);
            store.recordRejectedRow(run, new RowRejectedException(Reason.ROW_INVALID, "loan_id: missing", null,
                    "B-9", "row 7"));
            Contact c = contact("L4", Channel.SMS);
            c.skip(Reason.NO_MOBILE, "no mobile number");
            store.recordDecision(c);
            run.accountRead();
            store.finishRun(run, true, null);

            assertThat(LedgerRows.query(ds, "select outcome, accounts_read from kindly_cycle_run where run_id = ?",
                    run.runId()).get(0)).containsEntry("outcome", "COMPLETED").containsEntry("accounts_read", "1");

            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            assertThat(new LedgerExport(ds).write(LedgerExport.Format.CSV, null, null, csv)).isEqualTo(2);
            String text = csv.toString(StandardCharsets.UTF_8);
            assertThat(text.lines().findFirst().orElseThrow()).contains("status", "reason", "channel", "local_time");
            assertThat(text).contains("ROW_INVALID", "loan_id: missing", "row 7", "NO_MOBILE");

            ByteArrayOutputStream json = new ByteArrayOutputStream();
            assertThat(new LedgerExport(ds).write(LedgerExport.Format.JSON, "L4", null, json)).isEqualTo(1);
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toByteArray()).get(0)
                    .get("reason").asText()).isEqualTo("NO_MOBILE");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2"})
    void aPendingContactIsNotADecision(String kind) throws Exception {
        onDatabase(kind, (store, ds) ->
                assertThatThrownBy(() -> store.recordDecision(contact("L5", Channel.SMS)))
                        .isInstanceOf(IllegalArgumentException.class));
    }
}
