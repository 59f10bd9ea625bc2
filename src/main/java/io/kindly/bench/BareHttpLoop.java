package io.kindly.bench;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ceiling Kindly is compared with: the same HTTP client camel-http uses (Apache HttpClient 5 classic, pooling
 * connection manager), as many threads as the cycle had, POSTing an SMS-sized JSON body to the same stub as fast as
 * it answers, with nothing else to do. Kindly's messages/s divided by this says how much of the time goes to
 * everything but HTTP.
 *
 * <p>Bounded twice: a number of requests, and a time limit.
 */
final class BareHttpLoop {
    /** What one run of the loop did. */
    record Result(long requests, long failures, Duration took, int threads, int bodyBytes) {
        double requestsPerSecond() {
            return took.isZero() ? 0 : requests / (took.toNanos() / 1e9);
        }
    }

    private BareHttpLoop() {
    }

    static Result run(String url, int threads, long maxRequests, Duration maxTime, int bodyBytes)
            throws InterruptedException {
        byte[] body = smsLikeBody(bodyBytes);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(threads).setMaxConnPerRoute(threads).build();
        AtomicLong left = new AtomicLong(maxRequests);
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        long deadline = System.nanoTime() + maxTime.toNanos();
        long started;
        long ended;
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool)
                .disableAutomaticRetries().build()) {
            List<Thread> workers = new ArrayList<>();
            started = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(() -> {
                    while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        HttpPost post = new HttpPost(url);
                        post.setHeader("Authorization", "Bearer bench");
                        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
                        try {
                            int code = client.execute(post, response -> {
                                EntityUtils.consume(response.getEntity());
                                return response.getCode();
                            });
                            if (code == 200) {
                                done.increment();
                            } else {
                                failed.increment();
                            }
                        } catch (Exception e) {
                            failed.increment();
                        }
                    }
                }, "bench-bare-http-" + i);
                t.setDaemon(true);
                t.start();
                workers.add(t);
            }
            for (Thread t : workers) {
                t.join(maxTime.toMillis() + 30_000);
            }
            ended = System.nanoTime();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the HTTP client could not be closed", e);
        }
        return new Result(done.sum(), failed.sum(), Duration.ofNanos(ended - started), threads, body.length);
    }

    /** A JSON body shaped like the shipped SMS request, padded to the size Kindly's requests had on average. */
    static byte[] smsLikeBody(int size) {
        String head = "{\"to\":\"+8613800000000\",\"from\":\"KINDLY\",\"reference\":\"k1-00000000000000000000000000000000\","
                + "\"text\":\"";
        String tail = "\"}";
        StringBuilder text = new StringBuilder();
        while (head.length() + text.length() + tail.length() < Math.max(size, 120)) {
            text.append('x');
        }
        return (head + text + tail).getBytes(StandardCharsets.UTF_8);
    }
}
