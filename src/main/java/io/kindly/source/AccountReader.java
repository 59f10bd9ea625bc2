package io.kindly.source;

import io.kindly.domain.Account;
import io.kindly.domain.CycleRun;
import org.apache.camel.Exchange;

import java.util.Map;

/**
 * Route step: reads the current source row into an {@link Account}. SQL rows arrive as maps (their place is the
 * split index); CSV rows arrive as {@link SourceRow}s that carry their file and record number.
 */
public final class AccountReader {
    private final AccountMapper mapper;

    public AccountReader(AccountMapper mapper) {
        this.mapper = mapper;
    }

    /** The borrower id of a source row (SQL map or CSV row), "" when it has none; the row is not otherwise read. */
    @SuppressWarnings("unchecked")
    public String borrowerIdOf(Object body) {
        if (body instanceof SourceRow row) {
            return mapper.borrowerIdOf(row.values());
        }
        return body instanceof Map<?, ?> row ? mapper.borrowerIdOf((Map<String, ?>) row) : "";
    }

    @SuppressWarnings("unchecked")
    public Account read(Exchange exchange) {
        if (exchange.getContext().isStopping()) {
            // a stopping Kindly finishes the messages in hand and takes no new accounts; the next run of the same
            // date picks up the rest, and sends nothing twice
            throw new CycleStoppedException();
        }
        CycleRun run = exchange.getProperty(CycleRun.PROPERTY, CycleRun.class);
        if (run != null) {
            run.accountRead();
        }
        Object body = exchange.getMessage().getBody();
        if (body instanceof SourceRow row) {
            return mapper.map(row.values(), row.ref());
        }
        if (body instanceof Map<?, ?> row) {
            int index = exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class);
            return mapper.map((Map<String, ?>) row, "row " + (index + 1));
        }
        throw new IllegalArgumentException("a source row must be a map or a SourceRow, not "
                + (body == null ? "nothing" : body.getClass().getName()));
    }
}
