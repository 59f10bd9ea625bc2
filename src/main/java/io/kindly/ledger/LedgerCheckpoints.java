package io.kindly.ledger;

import io.kindly.db.LedgerException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Signed checkpoints of the chain heads: a file per checkpoint in {@code kindly.ledger.checkpoint-dir}, each listing
 * every loan's chain (entries, last hash) and signed with HMAC-SHA256 under {@code kindly.ledger.checkpoint-secret}.
 * The chains show an entry altered, inserted, removed or moved anywhere before a chain's last entry; only a checkpoint
 * kept outside the database shows the last entries of a chain removed (its head row rewritten to match). Keep the
 * folder where the database's administrators cannot write (or copy it off the machine): the log line each checkpoint
 * writes carries the file's SHA-256 too.
 */
public final class LedgerCheckpoints {
    static final String HEADER = "kindly-ledger-checkpoint v1";
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** A chain's head as a checkpoint recorded it. */
    public record Head(long entries, String hash) {
    }

    /** One checkpoint read back, its signature checked. */
    public record Checkpoint(Path file, Instant createdAt, Map<String, Head> heads) {
    }

    private final DataSource ds;
    private final Path dir;
    private final byte[] secret;
    private final Clock clock;

    public LedgerCheckpoints(DataSource ds, CheckpointSettings settings, Clock clock) {
        this.ds = ds;
        this.dir = settings.dir();
        this.secret = settings.secret().getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    /** Writes a checkpoint of every chain's head as committed now; returns the file. */
    public Path write() {
        Instant now = clock.instant();
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("created_at_utc ").append(now).append('\n');
        long chains = 0;
        long entries = 0;
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select chain_id, entries, head_hash from kindly_ledger_chain order by chain_id");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                text.append(rs.getString(1)).append('\t').append(rs.getLong(2)).append('\t').append(rs.getString(3))
                        .append('\n');
                chains++;
                entries += rs.getLong(2);
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot read the chain heads for a checkpoint", e);
        }
        text.append("chains ").append(chains).append(" entries ").append(entries).append('\n');
        String body = text.toString();
        String signed = body + "hmac-sha256 " + sign(body) + '\n';
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("checkpoint-" + FILE_TIME.format(now) + ".txt");
            Path partial = dir.resolve(file.getFileName() + ".partial");
            Files.writeString(partial, signed, StandardCharsets.UTF_8);
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            org.slf4j.LoggerFactory.getLogger(LedgerCheckpoints.class).info(
                    "ledger checkpoint {}: {} chains, {} entries, file sha256 {}", file.getFileName(), chains, entries,
                    EntryHash.sha256(signed.getBytes(StandardCharsets.UTF_8)));
            return file;
        } catch (IOException e) {
            throw new LedgerException("cannot write the ledger checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest checkpoint, if any.
     *
     * @throws IllegalStateException when its signature does not match (altered, or signed with another key)
     */
    public Optional<Checkpoint> latest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Optional<Path> newest;
        try (Stream<Path> files = Files.list(dir)) {
            newest = files.filter(f -> f.getFileName().toString().matches("checkpoint-.*\\.txt"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()));
        } catch (IOException e) {
            throw new LedgerException("cannot list the ledger checkpoints in " + dir, e);
        }
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(read(newest.get()));
    }

    Checkpoint read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LedgerException("cannot read the ledger checkpoint " + file, e);
        }
        int sig = text.lastIndexOf("hmac-sha256 ");
        if (!text.startsWith(HEADER + "\n") || sig < 0) {
            throw new IllegalStateException("checkpoint " + file + " is not a Kindly ledger checkpoint");
        }
        String body = text.substring(0, sig);
        String given = text.substring(sig + "hmac-sha256 ".length()).strip();
        if (!MessageDigest.isEqual(sign(body).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("checkpoint " + file + " does not carry a valid signature: it was altered,"
                    + " or signed with another kindly.ledger.checkpoint-secret");
        }
        List<String> lines = body.lines().toList();
        Instant created = Instant.parse(lines.get(1).substring("created_at_utc ".length()));
        Map<String, Head> heads = new LinkedHashMap<>();
        for (String line : lines.subList(2, lines.size() - 1)) {
            String[] f = line.split("\t");
            heads.put(f[0], new Head(Long.parseLong(f[1]), f[2]));
        }
        return new Checkpoint(file, created, heads);
    }

    private String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
