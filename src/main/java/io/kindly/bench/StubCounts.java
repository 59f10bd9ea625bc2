package io.kindly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.domain.Channel;

import java.util.ArrayList;
import java.util.List;

/** What the stub process has received so far, per channel (its answer to {@code stats}). */
/** @param cpuMillis the stub process's CPU time so far, -1 where the platform does not say */
record StubCounts(Tally sms, Tally inapp, Tally email, long smtpConnections, long cpuMillis) {

    /** @param duplicateSamples up to ten of the keys that came more than once */
    record Tally(long requests, long distinctKeys, long duplicates, long unkeyed, long bytes,
            List<String> duplicateSamples) {

        /** Mean request (or mail) size in bytes. */
        long meanBytes() {
            return requests == 0 ? 0 : bytes / requests;
        }
    }

    static StubCounts parse(String json) throws Exception {
        JsonNode root = new ObjectMapper().readTree(json);
        return new StubCounts(tally(root.get("sms")), tally(root.get("inapp")), tally(root.get("email")),
                root.get("email").get("connections").asLong(), root.path("cpuMillis").asLong(-1));
    }

    Tally of(Channel channel) {
        return switch (channel) {
            case SMS -> sms;
            case INAPP -> inapp;
            case EMAIL -> email;
        };
    }

    long duplicates() {
        return sms.duplicates + inapp.duplicates + email.duplicates;
    }

    private static Tally tally(JsonNode n) {
        List<String> samples = new ArrayList<>();
        n.get("duplicateSamples").forEach(s -> samples.add(s.asText()));
        return new Tally(n.get("requests").asLong(), n.get("distinctKeys").asLong(), n.get("duplicates").asLong(),
                n.get("unkeyed").asLong(), n.get("bytes").asLong(), List.copyOf(samples));
    }
}
