package io.kindly.db;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Group commit: requests that arrive together are carried out together, each caller gets its own answer. */
class GroupCommitTest {

    @Test
    void aLoneRequestIsCarriedOutAtOnceByItsCaller() {
        List<List<Integer>> batches = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> doubling = new GroupCommit<>(batch -> {
            batches.add(List.copyOf(batch));
            return batch.stream().map(i -> i * 2).toList();
        }, 10, 1);

        assertThat(doubling.submit(21)).isEqualTo(42);
        assertThat(batches).containsExactly(List.of(21));
    }

    @Test
    void requestsArrivingWhileABatchIsWrittenGoTogetherAndEachCallerGetsItsOwnAnswer() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> doubling = new GroupCommit<>(batch -> {
            sizes.add(batch.size());
            if (sizes.size() == 1) {
                firstBatchHeld.countDown();
                await(release); // the first batch is "being written" while the others queue up
            }
            return batch.stream().map(i -> i * 2).toList();
        }, 100, 1);
        ExecutorService callers = Executors.newFixedThreadPool(33);
        try {
            Future<Integer> first = callers.submit(() -> doubling.submit(0));
            assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 32; i++) {
                int n = i;
                others.add(callers.submit(() -> doubling.submit(n)));
            }
            waitUntilQueued(others, 32, doubling);
            release.countDown();

            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(0);
            for (int i = 0; i < others.size(); i++) {
                assertThat(others.get(i).get(10, TimeUnit.SECONDS)).isEqualTo((i + 1) * 2);
            }
            // the 32 that waited went in one batch, not 32 transactions
            assertThat(sizes).containsExactly(1, 32);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aRequestThatFailsFailsOnlyItsOwnCaller() throws Exception {
        AtomicInteger batches = new AtomicInteger();
        GroupCommit<Integer, Integer> picky = new GroupCommit<>(batch -> {
            batches.incrementAndGet();
            if (batch.contains(13)) {
                throw new IllegalArgumentException("13 cannot be written");
            }
            return batch;
        }, 100, 2);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 10; i < 18; i++) {
                int n = i;
                answers.add(callers.submit(() -> picky.submit(n)));
            }
            for (int i = 0; i < answers.size(); i++) {
                int n = 10 + i;
                if (n == 13) {
                    assertThatThrownBy(() -> answers.get(3).get(10, TimeUnit.SECONDS))
                            .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("13");
                } else {
                    assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(n);
                }
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(batches.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDatabaseOutOfReachFailsTheWholeBatchAtOnceInsteadOfOneRequestAfterTheOther() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        GroupCommit<Integer, Integer> unreachable = new GroupCommit<>(batch -> {
            if (attempts.incrementAndGet() == 1) {
                firstBatchHeld.countDown();
                await(release);
            }
            throw new LedgerException("ledger write failed",
                    new java.sql.SQLTransientConnectionException("kindly-ledger - Connection is not available", "08001"));
        }, 100, 1);
        ExecutorService callers = Executors.newFixedThreadPool(9);
        try {
            Future<Integer> first = callers.submit(() -> unreachable.submit(0));
            assertThat(firstBatchHeld.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Integer>> others = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                int n = i;
                others.add(callers.submit(() -> unreachable.submit(n)));
            }
            waitUntilQueued(others, 8, unreachable);
            release.countDown();
            assertThatThrownBy(() -> first.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LedgerException.class);
            for (Future<Integer> other : others) {
                assertThatThrownBy(() -> other.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LedgerException.class);
            }
        } finally {
            callers.shutdownNow();
        }
        // the lone first request, then the eight together: no request was tried alone after the batch failed
        assertThat(attempts.get()).isEqualTo(2);
    }

    @Test
    void aBatchNeverHoldsMoreThanItsLimit() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        GroupCommit<Integer, Integer> small = new GroupCommit<>(batch -> {
            sizes.add(batch.size());
            return batch;
        }, 3, 2);
        ExecutorService callers = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                answers.add(callers.submit(() -> small.submit(n)));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 3));
        assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits (bounded) until the callers have queued their requests behind the batch being written. */
    private static void waitUntilQueued(List<Future<Integer>> callers, int n, GroupCommit<?, ?> commit) {
        Awaitility.await("requests queued behind the first batch").atMost(Duration.ofSeconds(10))
                .until(() -> commit.queued() == n);
        assertThat(callers).noneMatch(Future::isDone);
    }
}
