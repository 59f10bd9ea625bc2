package io.kindly.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one stub endpoint received: how many requests (or mails), how many distinct idempotency keys (or Message-IDs)
 * and which keys came more than once. A key seen twice means a gateway was asked twice to send one reminder; the
 * bench reports it loudly, because for a channel without de-duplication the borrower would get it twice.
 *
 * <p>The keys are contact ids (hashes of the business key) and Message-IDs built from them: no personal data.
 */
final class KeyTally {
    private static final int SAMPLES = 10;

    private final LongAdder requests = new LongAdder();
    private final LongAdder unkeyed = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final List<String> duplicateSamples = new ArrayList<>();

    /** @param key null when the request carried none (the bench's bare HTTP loop sends none) */
    void record(String key, long size) {
        requests.increment();
        bytes.add(size);
        if (key == null || key.isEmpty()) {
            unkeyed.increment();
        } else if (!keys.add(key)) {
            duplicates.increment();
            synchronized (duplicateSamples) {
                if (duplicateSamples.size() < SAMPLES) {
                    duplicateSamples.add(key);
                }
            }
        }
    }

    /** Forgets everything received so far (the warm-up's messages): called when nothing is arriving. */
    void reset() {
        requests.reset();
        unkeyed.reset();
        bytes.reset();
        duplicates.reset();
        keys.clear();
        synchronized (duplicateSamples) {
            duplicateSamples.clear();
        }
    }

    Map<String, Object> snapshot() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requests", requests.sum());
        m.put("distinctKeys", (long) keys.size());
        m.put("duplicates", duplicates.sum());
        m.put("unkeyed", unkeyed.sum());
        m.put("bytes", bytes.sum());
        synchronized (duplicateSamples) {
            m.put("duplicateSamples", List.copyOf(duplicateSamples));
        }
        return m;
    }
}
