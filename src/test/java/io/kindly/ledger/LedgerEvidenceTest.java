package io.kindly.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.kindly.db.Databases;
import io.kindly.support.TestDatabases;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One loan's evidence bundle: complete, readable, checksummed, and checkable without Kindly (verify.py). */
class LedgerEvidenceTest {
    @TempDir
    Path dir;

    @Test
    void theBundleHoldsEveryEntryAndItsChainAndVerifiesWithoutKindly() throws Exception {
        Path out = dir.resolve("bundle");
        try (TestDatabases.Scratch db = TestDatabases.h2(dir);
                HikariDataSource ds = Databases.pool(db.settings(), "test-ledger", false)) {
            LedgerSchema.migrate(ds);
            JdbcLedgerStore store = new JdbcLedgerStore(ds, Clock.systemUTC(), "test-node");
            LedgerTamperTest.writeLoan(store, "L1");
            LedgerTamperTest.writeLoan(store, "L2");
            LedgerCheckpoints checkpoints = new LedgerCheckpoints(ds, new CheckpointSettings(dir.resolve("cp"),
                    "test-checkpoint-secret-0123456789", 15), Clock.systemUTC());
            checkpoints.write();
            LedgerEvidence.Bundle bundle = new LedgerEvidence(ds).write("L1", out, checkpoints.latest(),
                    Instant.parse("2026-11-29T12:00:00Z"));
            assertThat(bundle.entries()).isEqualTo(6);
        }
        JsonNode json = new ObjectMapper().readTree(out.resolve("evidence.json").toFile());
        assertThat(json.get("entries")).hasSize(6).allSatisfy(e -> assertThat(e.get("loan_id").asText())
                .isEqualTo("L1"));
        assertThat(json.get("entries").get(2).get("body").asText()).isEqualTo("【示範貸】您好！您的借款今天到期。");
        assertThat(json.get("entries").get(2).get("local_time").asText()).endsWith("+08:00");
        assertThat(json.get("checkpoint").get("chain_entries").asInt()).isEqualTo(6);
        assertThat(Files.readString(out.resolve("evidence.html"))).startsWith("<!DOCTYPE html>")
                .contains("Contact record for loan L1", "&lt;p&gt;Hello&lt;/p&gt;", "GATEWAY_REJECTED")
                .doesNotContain("<p>Hello</p>");
        List<String> sums = Files.readAllLines(out.resolve("SHA256SUMS"));
        assertThat(sums).hasSize(3);
        for (String line : sums) {
            String[] f = line.split("  ");
            assertThat(EntryHash.sha256(Files.readAllBytes(out.resolve(f[1])))).isEqualTo(f[0]);
        }

        Assumptions.assumeTrue(python(), "python3 is not installed: the bundle's verify.py was not run");
        Process ok = run(out);
        assertThat(ok.waitFor()).as(new String(ok.getInputStream().readAllBytes())).isZero();
        // a word of a message changed in the bundle: the script says so
        Path json2 = out.resolve("evidence.json");
        Files.writeString(json2, Files.readString(json2, StandardCharsets.UTF_8).replace("今天到期", "明天到期"),
                StandardCharsets.UTF_8);
        Process broken = run(out);
        String said = new String(broken.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(broken.waitFor()).isEqualTo(1);
        assertThat(said).startsWith("BROKEN: entry").contains("altered");
    }

    private static Process run(Path bundle) throws Exception {
        return new ProcessBuilder("python3", "verify.py").directory(bundle.toFile()).redirectErrorStream(true).start();
    }

    private static boolean python() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
