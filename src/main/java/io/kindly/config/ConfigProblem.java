package io.kindly.config;

/**
 * One thing wrong with the configuration.
 *
 * @param origin where the key was set ("config/cadence.properties:12", "environment variable KINDLY_X") or, for a
 *               missing key, the file it belongs in
 */
public record ConfigProblem(String origin, String key, String problem) {
    @Override
    public String toString() {
        return origin + ": " + key + ": " + problem;
    }
}
