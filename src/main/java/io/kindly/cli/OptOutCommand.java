package io.kindly.cli;

import io.kindly.domain.Channel;
import io.kindly.domain.Checked;
import io.kindly.policy.PolicyStore;
import io.kindly.policy.OptOutAddresses;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * Opt-outs: a channel a borrower asked Kindly not to use, at one address or at every address they have. Messages it
 * covers are suppressed from the next claim on, with the opt-out named in the ledger.
 */
@Command(name = "opt-out", description = "Record, revoke or list opt-outs.",
        subcommands = {OptOutCommand.Add.class, OptOutCommand.Revoke.class, OptOutCommand.ListOptOuts.class})
public final class OptOutCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("Say what to do: opt-out add, opt-out revoke or opt-out list");
        return 2;
    }

    @Command(name = "add", description = "Stop a channel at one address, or for every address of a borrower.")
    public static final class Add implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--channel", required = true, paramLabel = "sms|email|inapp", description = "The channel.")
        String channel;

        static final class Target {
            @Option(names = "--address", paramLabel = "ADDRESS", description = "A mobile number, email or app user id.")
            String address;

            @Option(names = "--borrower", paramLabel = "ID", description = "Every address of this borrower.")
            String borrower;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        @Option(names = "--by", defaultValue = "staff", paramLabel = "WHO", description = "Who records it (recorded).")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "How it was asked for (recorded).")
        String note;

        @Override
        public Integer call() {
            Channel ch = Channel.byId(channel).orElse(null);
            if (ch == null) {
                System.err.println("'" + channel + "' is not a channel (sms, email, inapp)");
                return 2;
            }
            return HoldCommand.withStore(config, store -> {
                String address = null;
                if (target.address != null) {
                    Checked<String> normal = normalise(ch, target.address,
                            LedgerAccess.access(config.dir()).phoneRegion());
                    if (!normal.isOk()) {
                        System.err.println("'" + target.address + "' is not a usable address: " + normal.detail());
                        return 2;
                    }
                    address = normal.value();
                }
                PolicyStore.OptOut o = store.optOut(ch, address, target.borrower, by, note);
                System.out.println("opt-out " + o.id() + " recorded: no " + ch + " to "
                        + (address != null ? address : "any address of " + target.borrower));
                return 0;
            });
        }
    }

    /** The address in the form Kindly stores and compares: E.164 for a mobile, a lower-case domain for an email. */
    static Checked<String> normalise(Channel channel, String raw, String phoneRegion) {
        return OptOutAddresses.normalise(channel, raw, phoneRegion);
    }

    @Command(name = "revoke", description = "End an opt-out (the borrower asked to hear from you again).")
    public static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--id", required = true, paramLabel = "ID", description = "The opt-out's id.")
        String id;

        @Option(names = "--by", defaultValue = "staff", paramLabel = "WHO", description = "Who revokes it (recorded).")
        String by;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (recorded).")
        String note;

        @Override
        public Integer call() {
            return HoldCommand.withStore(config, store -> {
                if (!store.revokeOptOut(id, by, note)) {
                    System.err.println("no active opt-out " + id);
                    return 1;
                }
                System.out.println("opt-out " + id + " revoked");
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List active opt-outs (all with --all).")
    public static final class ListOptOuts implements Callable<Integer> {
        @Mixin
        ConfigOption config = new ConfigOption();

        @Option(names = "--all", description = "Revoked opt-outs too.")
        boolean all;

        @Override
        public Integer call() {
            return HoldCommand.withStore(config, store -> {
                System.out.printf("%-36s  %-6s  %-30s  %-10s  %-20s  %s%n", "id", "channel", "address", "borrower", "since",
                        "source");
                for (PolicyStore.OptOut o : store.optOuts(all)) {
                    System.out.printf("%-36s  %-6s  %-30s  %-10s  %-20s  %s%s%n", o.id(), o.channel(),
                            o.address() == null ? "(every address)" : o.address(),
                            o.borrowerId() == null ? "" : o.borrowerId(), o.at(), o.source(),
                            o.revokedAt() == null ? "" : "  revoked " + o.revokedAt());
                }
                return 0;
            });
        }
    }
}
