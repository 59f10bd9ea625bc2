package io.kindly.ledger;

import io.kindly.db.LedgerException;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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

    /**
     * Writes a checkpoint of every chain's head as committed now; returns the file.
     *
     * <p>The heads are streamed from the database to the file, signed and hashed as they go: a ledger of a million
     * loans makes a file of about 90 MB, which built in memory (as it was) ran a 256 MB heap out of memory in the
     * middle of a million-account cycle.
     */
    public Path write() {
        Instant now = clock.instant();
        Path file = dir.resolve("checkpoint-" + FILE_TIME.format(now) + ".txt");
        Path partial = dir.resolve(file.getFileName() + ".partial");
        long chains = 0;
        long entries = 0;
        String fileHash;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LedgerException("cannot write the ledger checkpoint in " + dir + ": " + e.getMessage(), e);
        }
        try (SignedLines out = new SignedLines(partial); Connection c = ds.getConnection()) {
            out.line(HEADER);
            out.line("created_at_utc " + now);
            boolean autoCommit = c.getAutoCommit();
            // one statement, so one consistent reading; in a transaction, because the PostgreSQL driver streams a
            // result set (instead of loading it whole) only there
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "select chain_id, entries, head_hash from kindly_ledger_chain order by chain_id")) {
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.line(rs.getString(1) + '\t' + rs.getLong(2) + '\t' + rs.getString(3));
                        chains++;
                        entries += rs.getLong(2);
                    }
                }
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
            out.line("chains " + chains + " entries " + entries);
            fileHash = out.sign();
        } catch (SQLException e) {
            deleteQuietly(partial);
            throw new LedgerException("cannot read the chain heads for a checkpoint", e);
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new LedgerException("cannot write the ledger checkpoint in " + dir + ": " + e.getMessage(), e);
        }
        try {
            Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LedgerException("cannot write the ledger checkpoint in " + dir + ": " + e.getMessage(), e);
        }
        org.slf4j.LoggerFactory.getLogger(LedgerCheckpoints.class).info(
                "ledger checkpoint {}: {} chains, {} entries, file sha256 {}", file.getFileName(), chains, entries,
                fileHash);
        return file;
    }

    /** A checkpoint file being written: each line goes to the file, to its signature and to the file's hash. */
    private final class SignedLines implements AutoCloseable {
        private final OutputStream out;
        private final Mac mac = newMac();
        private final MessageDigest fileHash;

        SignedLines(Path file) throws IOException {
            this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            try {
                this.fileHash = MessageDigest.getInstance("SHA-256");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        void line(String line) throws IOException {
            byte[] bytes = (line + '\n').getBytes(StandardCharsets.UTF_8);
            mac.update(bytes);
            write(bytes);
        }

        /** Ends the file with the signature of all written before it; returns the whole file's SHA-256. */
        String sign() throws IOException {
            write(("hmac-sha256 " + HexFormat.of().formatHex(mac.doFinal()) + '\n').getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(fileHash.digest());
        }

        private void write(byte[] bytes) throws IOException {
            fileHash.update(bytes);
            out.write(bytes);
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left behind, it is never taken for a checkpoint: only checkpoint-*.txt files are read
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
        return HexFormat.of().formatHex(newMac().doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
