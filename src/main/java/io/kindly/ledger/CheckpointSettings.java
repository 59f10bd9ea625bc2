package io.kindly.ledger;

import io.kindly.config.Settings;

import java.nio.file.Path;

/**
 * Where the signed checkpoints of the ledger's chains go, the key that signs them and how often one is written.
 *
 * @param minutes between two checkpoints written by the daemon (route kindly-ledger-checkpoint)
 */
public record CheckpointSettings(Path dir, String secret, int minutes) {
    public static CheckpointSettings read(Settings s) {
        String secret = s.required("kindly.ledger.checkpoint-secret", "the key that signs the ledger's checkpoints "
                + "(set it through the environment variable KINDLY_LEDGER_CHECKPOINT_SECRET)");
        if (!secret.isEmpty() && secret.length() < 16) {
            s.problem("kindly.ledger.checkpoint-secret", "too short: use at least 16 characters");
        }
        return new CheckpointSettings(Path.of(s.string("kindly.ledger.checkpoint-dir", "data/ledger-checkpoints")),
                secret, s.integer("kindly.ledger.checkpoint-minutes", 15, 1, 1440));
    }
}
