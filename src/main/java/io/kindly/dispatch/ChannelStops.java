package io.kindly.dispatch;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.kindly.domain.Channel;
import org.apache.camel.CamelContext;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Channels the gateway itself refused (HTTP 401, 403, 404; SMTP authentication failed). Such a refusal is the
 * channel's, not the message's: every borrower's reminder would be refused alike. So the channel's circuit breaker is
 * opened at once (the breaker step of the channel's route, {@code kindly-channel-<channel>}), the lender is told
 * in one ERROR line, and the channel's messages wait ({@code DEFERRED GATEWAY_CREDENTIALS}) instead of each being
 * recorded FAILED. After the breaker's open-seconds one message tries again; the first message the gateway takes
 * ends the stop.
 */
public final class ChannelStops {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelStops.class);
    /** Each channel's route, an instance of {@code routes/channels/channel-template.camel.yaml}. */
    static final String ROUTE_ID = "kindly-channel-";

    private final Map<Channel, String> stopped = new ConcurrentHashMap<>();
    private final ChannelSettings channels;

    public ChannelStops(ChannelSettings channels) {
        this.channels = channels;
    }

    /** The gateway refused the channel: open its breaker now, and say so once. */
    public void refused(CamelContext camel, Channel channel, SendFailure failure) {
        open(camel, channel);
        if (stopped.putIfAbsent(channel, failure.forLog()) == null) {
            LOG.error("{} channel stopped: the gateway refused Kindly itself ({}), so no reminder on it can go; its "
                    + "messages wait (DEFERRED {}) and the channel is tried again after {} s; check {}", channel.id(),
                    failure.forLog(), failure.reason(), channels.breaker(channel).openSeconds(), where(channel));
        }
    }

    /** Whether the channel is stopped by such a refusal (an open breaker then means the same). */
    public boolean stopped(Channel channel) {
        return stopped.containsKey(channel);
    }

    /** The gateway took a message: the channel works again. */
    public void working(Channel channel) {
        if (stopped.remove(channel) != null) {
            LOG.info("{} channel works again: the gateway took a message", channel.id());
        }
    }

    private static void open(CamelContext camel, Channel channel) {
        org.apache.camel.Route route = camel.getRoute(ROUTE_ID + channel.id());
        ResilienceProcessor step = route == null ? null : find(route.navigate());
        CircuitBreaker breaker = step == null ? null : step.getCircuitBreaker();
        if (breaker == null) {
            LOG.warn("{} channel: its route {} has no circuit breaker to open", channel.id(), ROUTE_ID + channel.id());
            return;
        }
        if (breaker.getState() == CircuitBreaker.State.OPEN) {
            return;
        }
        try {
            breaker.transitionToOpenState();
        } catch (RuntimeException alreadyMoved) {
            // another thread opened it between the look and the move
        }
    }

    /** The channel route's circuit breaker step, wherever it is among the route's processors. */
    private static ResilienceProcessor find(org.apache.camel.Navigate<org.apache.camel.Processor> node) {
        if (node == null || !node.hasNext()) {
            return null;
        }
        for (org.apache.camel.Processor p : node.next()) {
            if (p instanceof ResilienceProcessor r) {
                return r;
            }
            if (p instanceof org.apache.camel.Navigate<?> child) {
                @SuppressWarnings("unchecked")
                ResilienceProcessor found = find((org.apache.camel.Navigate<org.apache.camel.Processor>) child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String where(Channel channel) {
        return switch (channel) {
            case SMS -> "kindly.channel.sms.url and the gateway's credentials (kindly.channel.sms.username, "
                    + "KINDLY_CHANNEL_SMS_PASSWORD, KINDLY_CHANNEL_SMS_AUTH_VALUE, ...)";
            case EMAIL -> "the SMTP user and password in kindly.channel.email.uri";
            case INAPP -> "kindly.channel.inapp.url and KINDLY_CHANNEL_INAPP_SECRET";
        };
    }
}
