package io.kindly.app;

import io.kindly.db.DatabaseSettings;
import io.kindly.demo.DemoLoanBook;
import io.kindly.demo.DemoMailSink;
import io.kindly.demo.DemoSinks;
import io.kindly.policy.PolicySettings;
import io.kindly.policy.PolicyStore;
import io.kindly.preview.PreviewDatabases;
import org.apache.camel.BindToRegistry;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;

/**
 * The demo ({@code kindly.demo.enabled}): a loan book seeded for the business date, a few holds and opt-outs so the
 * policy has something to stop, today a holiday where the demo's region says so, and local sinks in place of real
 * gateways (routes/demo/). In a preview the book is seeded in memory and no sink is started.
 */
final class DemoBeans {
    private final KindlySettings settings;
    private final boolean preview;
    private DemoMailSink mailSink;
    private DemoSinks sinks;

    DemoBeans(KindlySettings settings, boolean preview) {
        this.settings = settings;
        this.preview = preview;
    }

    /**
     * Seeds the demo loan book; returns where it is (for a preview, a private in-memory copy) and how many accounts
     * were seeded (0 when a preview has nowhere to put them).
     */
    Seeded seed(DatabaseSettings source, LocalDate seedDate, Clock clock) {
        DatabaseSettings book = preview ? PreviewDatabases.demoLoanBook(source) : source;
        if (book == null) {
            return new Seeded(source, 0);
        }
        int seeded = DemoLoanBook.prepare(book, seedDate,
                LocalDate.now(clock.withZone(DemoLoanBook.ZONE)).getDayOfWeek(), settings.demo().loanBookSize());
        return new Seeded(book, seeded);
    }

    record Seeded(DatabaseSettings book, int accounts) {
    }

    /** The demo runs on a day its region keeps as a holiday, so the policy's holiday rule shows. */
    PolicySettings policy(PolicySettings policy, LocalDate today) {
        return policy.withHolidays(settings.demo().holidayRegion(), Set.of(today));
    }

    /** Holds and opt-outs on a few demo borrowers; a preview places them only in a ledger of its own. */
    void placeHoldsAndOptOuts(PolicyStore store, LocalDate today, Seeded seeded, boolean freshLedger) {
        if (seeded.accounts() > 0 && (!preview || freshLedger)) {
            DemoLoanBook.placeDemoHoldsAndOptOuts(store, today);
        }
    }

    /** Starts the local sinks the demo's channels send to (none in a preview). */
    void startSinks(KindlyConfiguration.Resources resources) {
        if (preview) {
            return;
        }
        mailSink = resources.add(new DemoMailSink(settings.demo().smtpPort(), settings.demo().outbox()));
        mailSink.start();
        sinks = new DemoSinks(settings.channels().inapp().secret(), settings.channels().inapp().signatureHeader());
    }

    @BindToRegistry("demoMailSink")
    public DemoMailSink demoMailSink() {
        return mailSink;
    }

    @BindToRegistry("demoSinks")
    public DemoSinks demoSinks() {
        return sinks;
    }
}
