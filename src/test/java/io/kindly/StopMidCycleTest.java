package io.kindly;

import io.kindly.domain.Channel;
import io.kindly.domain.Status;
import io.kindly.cycle.CycleSummary;
import io.kindly.support.KindlyTestApp;
import io.kindly.support.LedgerRows;
import io.kindly.support.LoopbackHttpServer;
import io.kindly.support.LoopbackHttpServer.Response;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kindly stopped in the middle of a cycle finishes the messages in hand, takes no new accounts and records the run as
 * not completed; the next run of the same date sends the rest, and no message goes out twice.
 */
class StopMidCycleTest {
    static final LocalDate DATE = LocalDate.of(2026, 11, 23);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    KindlyTestApp start(LoopbackHttpServer gateway) {
        return KindlyTestApp.in(dir).clock(CLOCK)
                .property("kindly.demo.seed-date", DATE.toString())
                .property("kindly.channel.sms.url", gateway.url("/sms"))
                .property("kindly.channel.sms.rate-per-second", "2000")
                .property("kindly.channel.email.enabled", "false")
                .property("kindly.channel.inapp.enabled", "false")
                .start();
    }

    @Test
    void aStoppedCycleIsFinishedByTheNextRunWithNothingSentTwice() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        AtomicInteger seen = new AtomicInteger();
        try (LoopbackHttpServer gateway = new LoopbackHttpServer(r -> {
            if (seen.incrementAndGet() > 50) {
                try {
                    held.await(20, TimeUnit.SECONDS); // the gateway stalls while the test stops Kindly
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Response.json(200, "{\"messageId\":\"gw-" + seen.get() + "\"}");
        })) {
            KindlyTestApp first = start(gateway);
            // Camel tells when fifty messages have been through the gateway call and done, instead of a poll
            NotifyBuilder fiftySent = new NotifyBuilder(first.camel()).wereSentTo("http*").whenCompleted(50).create();
            CompletableFuture<Throwable> cycle = CompletableFuture.supplyAsync(() -> {
                try {
                    first.runCycle(DATE);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(fiftySent.matches(30, TimeUnit.SECONDS)).as("fifty messages sent before the stop").isTrue();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(first::close);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.camel().isStopping() || first.camel().isStopped());
            held.countDown(); // the messages in hand now complete
            stopping.get(60, TimeUnit.SECONDS);
            assertThat(cycle.get(60, TimeUnit.SECONDS)).as("the interrupted cycle ends in an error").isNotNull();

            int sentBefore = gateway.requests().size();
            try (KindlyTestApp second = start(gateway)) {
                List<Map<String, String>> runs = LedgerRows.query(second.ledgerDataSource(),
                        "select outcome, error from kindly_cycle_run");
                assertThat(runs).singleElement().satisfies(r -> {
                    assertThat(r.get("outcome")).isEqualTo("FAILED");
                    assertThat(r.get("error")).contains("CycleStoppedException", "takes no new accounts");
                });
                assertThat(LedgerRows.entries(second.ledgerDataSource(), "status = 'FAILED'"))
                        .as("nothing in hand was lost to the stop").isEmpty();

                CycleSummary resumed = second.runCycle(DATE);

                assertThat(resumed.alreadyHandled()).isEqualTo(sentBefore);
                int sentAfter = gateway.requests().size() - sentBefore;
                assertThat(sentAfter).isEqualTo(resumed.count(Channel.SMS, Status.SENT)).isPositive();
                Set<String> keys = new HashSet<>();
                gateway.requests().forEach(r -> assertThat(keys.add(r.header("Idempotency-Key")))
                        .as("sent once: %s", r.header("Idempotency-Key")).isTrue());
                assertThat(LedgerRows.query(second.ledgerDataSource(),
                        "select count(*) n from kindly_contact where channel = 'sms' and status = 'SENT'").get(0)
                        .get("n")).isEqualTo(String.valueOf(keys.size()));
            }
        }
    }
}
