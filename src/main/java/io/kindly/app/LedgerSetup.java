package io.kindly.app;

import io.kindly.db.Databases;
import io.kindly.ledger.JdbcLedgerStore;
import io.kindly.ledger.LedgerSchema;
import io.kindly.ledger.LedgerStore;
import io.kindly.ledger.NodeId;
import io.kindly.policy.SendHistory;
import io.kindly.preview.PreviewDatabases;
import io.kindly.preview.PreviewLedgerStore;
import io.kindly.preview.PreviewReport;
import io.kindly.render.TemplateRenderer;

import java.time.Clock;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The ledger a run works against: the daemon's (migrated by Flyway, written with group commit), or the preview's
 * (read-only, or a private empty one where none exists yet), whose decisions go to a report and whose send history
 * includes what the preview itself would have sent.
 *
 * @param fresh      true when the preview made an empty ledger of its own (the demo's holds are then placed in it)
 * @param history    the send history the contact policy counts, given the ledger's: the ledger's own for the daemon;
 *                   for a preview, also what the preview itself decided to send
 */
record LedgerSetup(DataSource ds, LedgerStore store, boolean fresh, UnaryOperator<SendHistory> history) {

    static LedgerSetup daemon(KindlySettings settings, KindlyConfiguration.Resources resources, Clock clock) {
        DataSource ds = resources.add(Databases.ledgerPool(settings.ledger(), Databases.LEDGER_POOL));
        LedgerSchema.migrate(ds);
        LedgerStore store = new JdbcLedgerStore(ds, clock, NodeId.current().toString(),
                settings.ledgerBatching().size(), settings.ledgerBatching().writers());
        return new LedgerSetup(ds, store, false, UnaryOperator.identity());
    }

    static LedgerSetup preview(KindlySettings settings, KindlyConfiguration.Resources resources,
            TemplateRenderer renderer, Clock clock) {
        PreviewDatabases.Opened opened = PreviewDatabases.ledger(settings.ledger());
        DataSource ds = resources.add(opened.ds());
        PreviewLedgerStore store = new PreviewLedgerStore(ds, clock, new PreviewReport(opened.note(),
                (contact, day) -> renderer.renderQuietly(contact, day)));
        return new LedgerSetup(ds, store, opened.fresh(), store::history);
    }
}
