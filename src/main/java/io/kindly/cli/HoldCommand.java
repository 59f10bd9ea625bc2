package io.kindly.cli;

import com.zaxxer.hikari.HikariDataSource;
import io.kindly.domain.HoldType;
import io.kindly.policy.PolicyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Holds: reasons not to contact a borrower about a loan (or any of their loans) until lifted or expired. Every
 * message the hold covers is suppressed from the next claim on, with the hold named in the ledger.
 */
@Command(name = "hold", description = "Place, lift or list holds (dispute, hardship, promise to pay, ...).",
        subcommands = {HoldCommand.Place.class, HoldCommand.Lift.class, HoldCommand.ListHolds.class})
public final class HoldCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("Say what to do: hold place, hold lift or hold list");
        return 2;
    }

    @Command(name = "place", description = "Stop reminders about a loan, or about all of a borrower's loans.")
    public static final class Place implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--borrower", required = true, paramLabel = "ID", description = "The borrower.")
        String borrower;

        @Option(names = "--loan", paramLabel = "ID", description = "Only this loan (default: all the borrower's loans).")
        String loan;

        @Option(names = "--type", required = true, paramLabel = "TYPE",
                description = "dispute, cease-contact, hardship, repayment-plan, promise-to-pay, deceased, bankruptcy, paid")
        String type;

        @Option(names = "--until", paramLabel = "YYYY-MM-DD", description = "Ends at the start of this day (UTC).")
        LocalDate until;

        @Option(names = "--by", defaultValue = "staff", paramLabel = "WHO", description = "Who places it (recorded).")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (recorded).")
        String note;

        @Override
        public Integer call() {
            HoldType holdType = HoldType.parse(type).orElse(null);
            if (holdType == null) {
                System.err.println("'" + type + "' is not a hold type: " + List.of(HoldType.values()));
                return 2;
            }
            return withStore(config, store -> {
                PolicyStore.Hold h = store.placeHold(borrower, loan, holdType,
                        until == null ? null : until.atStartOfDay(ZoneOffset.UTC).toInstant(), by, note);
                System.out.println("hold " + h.id() + " placed: " + holdType + " on "
                        + (loan == null ? "all loans of " + borrower : "loan " + loan));
                return 0;
            });
        }
    }

    @Command(name = "lift", description = "End a hold: reminders it stopped may go again from the next cycle.")
    public static final class Lift implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--id", required = true, paramLabel = "HOLD", description = "The hold's id.")
        String id;

        @Option(names = "--by", defaultValue = "staff", paramLabel = "WHO", description = "Who lifts it (recorded).")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (recorded).")
        String note;

        @Override
        public Integer call() {
            return withStore(config, store -> {
                if (!store.liftHold(id, by, note)) {
                    System.err.println("no active hold " + id);
                    return 1;
                }
                System.out.println("hold " + id + " lifted");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List active holds (all holds with --all).")
    public static final class ListHolds implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--borrower", paramLabel = "ID", description = "Only this borrower's.")
        String borrower;

        @Option(names = "--all", description = "Lifted and expired holds too.")
        boolean all;

        @Override
        public Integer call() {
            return withStore(config, store -> {
                PrintStream out = System.out;
                out.printf("%-36s  %-10s  %-10s  %-15s  %-20s  %-20s  %s%n", "id", "borrower", "loan", "type", "placed",
                        "until", "by");
                for (PolicyStore.Hold h : store.holds(borrower, all)) {
                    out.printf("%-36s  %-10s  %-10s  %-15s  %-20s  %-20s  %s%s%n", h.id(), h.borrowerId(),
                            h.loanId() == null ? "(all)" : h.loanId(), h.type(), h.placedAt(),
                            h.liftedAt() != null ? "lifted " + h.liftedAt()
                                    : h.expiresAt() == null ? "until lifted" : h.expiresAt(),
                            h.placedBy(), h.note() == null ? "" : "  " + h.note());
                }
                return 0;
            });
        }
    }

    @FunctionalInterface
    interface StoreWork {
        int run(PolicyStore store);
    }

    static int withStore(ConfigOption config, StoreWork work) {
        Optional<LedgerAccess.Access> found = LedgerAccess.accessOrExplain(config.dir());
        if (found.isEmpty()) {
            return Failures.EXIT_CONFIG;
        }
        LedgerAccess.Access access = found.get();
        try (HikariDataSource ds = LedgerAccess.forWriting(access.db())) {
            return work.run(new PolicyStore(ds, Clock.systemUTC()));
        } catch (RuntimeException e) {
            System.err.println("Cannot use the ledger at " + access.db().safeUrl() + ": " + LedgerAccess.explain(e));
            return 1;
        }
    }
}
