package io.kindly.app;

import io.kindly.cycle.Cycles;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.DefaultUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.slf4j.MDC;

import java.util.Objects;

/**
 * The run and contact ids on every log line about a message, whichever thread writes it (a retry waits on another
 * thread): before each step, the thread's MDC keys {@code kindly.run} and {@code kindly.contact} are set from the
 * exchange ({@link Cycles#LOG_RUN}, {@link Cycles#LOG_CONTACT}), and cleared on an exchange that has none.
 *
 * <p>Why not Camel's own ({@code camel.main.use-mdc-logging}): it copies the whole MDC and sets six {@code camel.*}
 * keys before every step of every exchange, and Log4j's MDC copies its map on each change; in issue 9's profile that
 * was a fifth of Kindly's CPU per message. Here a step that runs on the thread the message was already on reads two
 * properties and compares two strings.
 */
final class LogContextUnitOfWork extends DefaultUnitOfWork {

    private LogContextUnitOfWork(Exchange exchange, CamelContext context) {
        super(exchange, context.getInflightRepository(), context.isAllowUseOriginalMessage(),
                context.isUseBreadcrumb());
    }

    /** Installed in place of Camel's unit-of-work factory (KindlyConfiguration). */
    static UnitOfWorkFactory factory(CamelContext context) {
        return new UnitOfWorkFactory() {
            @Override
            public UnitOfWork createUnitOfWork(Exchange exchange) {
                return new LogContextUnitOfWork(exchange, context);
            }
        };
    }

    @Override
    public boolean isBeforeAfterProcess() {
        return true;
    }

    @Override
    public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
        follow(Cycles.RUN_KEY, exchange.getProperty(Cycles.LOG_RUN, String.class));
        follow(Cycles.CONTACT_KEY, exchange.getProperty(Cycles.LOG_CONTACT, String.class));
        return callback;
    }

    private static void follow(String key, String value) {
        if (!Objects.equals(MDC.get(key), value)) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
