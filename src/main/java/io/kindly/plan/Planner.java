package io.kindly.plan;

import io.kindly.domain.CycleRun;
import io.kindly.domain.Account;
import io.kindly.domain.Channel;
import io.kindly.domain.Contact;
import io.kindly.domain.Stage;
import org.apache.camel.ExchangeProperty;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Decides what an account is due today: the stage that falls on the business date, one contact per channel. */
public final class Planner {
    private final Cadence cadence;
    private final Set<Channel> enabledChannels;
    private final Clock clock;

    public Planner(Cadence cadence, Set<Channel> enabledChannels, Clock clock) {
        this.cadence = cadence;
        this.enabledChannels = Set.copyOf(enabledChannels);
        this.clock = clock;
    }

    /**
     * The contacts for this account on the run's business date; empty when no stage falls on it or nothing is owed.
     * A channel switched off in {@code config/channels.properties} is not planned at all.
     */
    public List<Contact> plan(Account account, @ExchangeProperty(CycleRun.PROPERTY) CycleRun run) {
        if (account.amountDue().signum() <= 0) {
            return List.of();
        }
        int offset = (int) ChronoUnit.DAYS.between(account.dueDate(), run.businessDate());
        Optional<Stage> stage = cadence.stageAt(offset);
        if (stage.isEmpty()) {
            return List.of();
        }
        run.accountHasStage();
        Instant readAt = clock.instant();
        return stage.get().channels().stream()
                .filter(enabledChannels::contains)
                .map(channel -> {
                    Contact c = new Contact(account, stage.get(), channel, run.businessDate(), run.runId());
                    c.readAt(readAt);
                    return c;
                })
                .toList();
    }
}
