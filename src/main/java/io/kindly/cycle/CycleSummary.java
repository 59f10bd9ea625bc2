package io.kindly.cycle;

import io.kindly.db.LedgerException;
import io.kindly.domain.Channel;
import io.kindly.domain.Status;
import io.kindly.domain.CycleRun;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * What one cycle did, counted from the ledger itself (the last entry of each contact in the run), so the summary a
 * person reads is exactly what the evidence says.
 */
public record CycleSummary(
        String runId,
        LocalDate businessDate,
        int accountsRead,
        int accountsWithStage,
        int alreadyHandled,
        Map<Channel, Map<Status, Integer>> byChannel,
        Map<String, Integer> reasons,
        int rowsRejected,
        String ledgerLocation,
        int databaseOutages,
        java.time.Duration timeWaitedForDatabase) {

    /** The statuses shown as columns, in the order a reader expects. */
    public static final List<Status> COLUMNS =
            List.of(Status.SENT, Status.DEFERRED, Status.SUPPRESSED, Status.SKIPPED, Status.FAILED);

    public static CycleSummary of(CycleRun run, DataSource ds, String ledgerLocation) {
        Map<Channel, Map<Status, Integer>> byChannel = new EnumMap<>(Channel.class);
        for (Channel c : Channel.values()) {
            byChannel.put(c, new EnumMap<>(Status.class));
        }
        Map<String, Integer> reasons = new TreeMap<>();
        int rejected = 0;
        String perContact = "select e.channel, e.status, e.reason, count(*) from kindly_ledger_entry e"
                + " where e.run_id = ? and e.contact_id is not null and e.entry_id = (select max(e2.entry_id)"
                + " from kindly_ledger_entry e2 where e2.run_id = e.run_id and e2.contact_id = e.contact_id)"
                + " group by e.channel, e.status, e.reason";
        String rows = "select reason, count(*) from kindly_ledger_entry where run_id = ? and contact_id is null"
                + " group by reason";
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(perContact)) {
                ps.setString(1, run.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Channel channel = Channel.byId(rs.getString(1)).orElseThrow();
                        Status status = Status.valueOf(rs.getString(2));
                        int n = rs.getInt(4);
                        byChannel.get(channel).merge(status, n, Integer::sum);
                        if (rs.getString(3) != null) {
                            reasons.merge(status + " " + rs.getString(3), n, Integer::sum);
                        }
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(rows)) {
                ps.setString(1, run.runId());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rejected += rs.getInt(2);
                        reasons.merge("SKIPPED " + rs.getString(1) + " (whole row)", rs.getInt(2), Integer::sum);
                    }
                }
            }
        } catch (SQLException e) {
            throw new LedgerException("cannot count the cycle's ledger entries", e);
        }
        return new CycleSummary(run.runId(), run.businessDate(), run.accountsRead(), run.accountsWithStage(),
                run.alreadyHandledCount(), byChannel, reasons, rejected, ledgerLocation, run.databaseOutages(),
                run.timeWaitedForDatabase());
    }

    public int count(Status status) {
        return byChannel.values().stream().mapToInt(m -> m.getOrDefault(status, 0)).sum();
    }

    public int count(Channel channel, Status status) {
        return byChannel.get(channel).getOrDefault(status, 0);
    }

    /** The one-screen summary the {@code once} command prints. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Kindly reminder cycle for ").append(businessDate).append("  (run ").append(runId).append(")\n\n");
        sb.append(String.format("Accounts read: %d   with a stage today: %d   rows skipped as unusable: %d%n",
                accountsRead, accountsWithStage, rowsRejected));
        if (alreadyHandled > 0) {
            sb.append(String.format("Already sent or claimed earlier (not sent again): %d%n", alreadyHandled));
        }
        if (databaseOutages > 0) {
            sb.append(String.format("A database went away %d time(s) during the cycle; Kindly waited %d s for it, "
                    + "then read the source again and skipped what was done (accounts read counts every pass)%n",
                    databaseOutages, timeWaitedForDatabase.toSeconds()));
        }
        sb.append('\n');
        sb.append(String.format("%-8s", "channel"));
        for (Status s : COLUMNS) {
            sb.append(String.format("%12s", s.name().toLowerCase(java.util.Locale.ROOT)));
        }
        sb.append('\n');
        for (Channel channel : Channel.values()) {
            sb.append(String.format("%-8s", channel.id()));
            for (Status s : COLUMNS) {
                sb.append(String.format("%12d", count(channel, s)));
            }
            sb.append('\n');
        }
        sb.append(String.format("%-8s", "total"));
        for (Status s : COLUMNS) {
            sb.append(String.format("%12d", count(s)));
        }
        sb.append('\n');
        if (count(Status.UNKNOWN) > 0) {
            sb.append(String.format("Outcome unknown (may have gone out; not sent again, review them): %d%n",
                    count(Status.UNKNOWN)));
        }
        if (!reasons.isEmpty()) {
            sb.append("\nWhy not sent:\n");
            reasons.forEach((reason, n) -> sb.append(String.format("  %-44s %6d%n", reason, n)));
        }
        sb.append("\nLedger: ").append(ledgerLocation).append('\n');
        sb.append("Read it: java -jar target/kindly.jar ledger export --format csv --run ").append(runId).append('\n');
        return sb.toString();
    }
}
