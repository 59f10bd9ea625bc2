package io.kindly.policy;

import io.kindly.domain.Account;
import io.kindly.domain.Contact;
import io.kindly.domain.Reason;
import io.kindly.source.AccountMapper;
import io.kindly.source.RowRejectedException;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Reads an account again just before its message is sent (route {@code kindly-refresh}, an enrich with the query in
 * {@code kindly.source.sql.refresh-query}), so that a payment or a closed loan that arrived after planning stops the
 * message. The old contact is kept; only its account is replaced by what the source says now.
 */
public final class AccountRefresh implements AggregationStrategy {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRefresh.class);

    private final AccountMapper mapper;
    private final Clock clock;

    public AccountRefresh(AccountMapper mapper, Clock clock) {
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Exchange aggregate(Exchange original, Exchange fromSource) {
        Contact contact = original.getMessage().getBody(Contact.class);
        if (fromSource.getException() != null) {
            // the source cannot be read again: keep what was read, and say so in the log (not in the ledger)
            LOG.warn("{}: could not read the account again ({}); using the account as read",
                    contact.id(), fromSource.getException().getClass().getSimpleName());
            return original;
        }
        List<Map<String, Object>> rows = fromSource.getMessage().getBody(List.class);
        if (rows == null || rows.isEmpty()) {
            contact.suppress(Reason.LOAN_CLOSED, "the loan is no longer returned by the refresh query");
            return original;
        }
        try {
            Account current = mapper.map(rows.get(0), contact.account().sourceRef());
            if (current.amountDue().signum() <= 0) {
                contact.suppress(Reason.PAID, "amount due is now " + current.amountDue().toPlainString());
            } else {
                contact.refreshed(current, clock.instant());
            }
        } catch (RowRejectedException e) {
            LOG.warn("{}: the account read again is unusable ({}); using the account as read", contact.id(),
                    e.reason());
        }
        return original;
    }
}
