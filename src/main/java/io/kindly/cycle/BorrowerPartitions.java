package io.kindly.cycle;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Which share of a cycle a borrower belongs to: CRC-32 of the borrower id's UTF-8 bytes (as the source gives it,
 * stripped), modulo the number of shares. Stable across daemons, restarts and JVMs, so every loan of one borrower
 * is in one share and two daemons never work on one borrower at once; and cheap, since every daemon computes it for
 * every source row it reads. A row without a borrower id hashes as "" (its rejection is recorded once).
 */
public final class BorrowerPartitions {
    private BorrowerPartitions() {
    }

    public static int of(String borrowerId, int partitions) {
        if (partitions <= 1) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(borrowerId.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }
}
