package io.kindly.inbound;

import io.kindly.domain.Channel;
import io.kindly.ledger.LedgerStore;
import io.kindly.policy.PolicyStore;
import io.kindly.render.TemplateProblem;
import io.kindly.render.TemplateRenderer;
import io.kindly.shared.PhoneNumbers;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;

/**
 * The other end of the unsubscribe link in every message ({@code routes/inbound/optout.camel.yaml}).
 *
 * <p>GET shows a page with one button, and changes nothing: mail scanners open links on their own, and must not
 * unsubscribe anyone. POST (the button, or an email client's one-click unsubscribe under RFC 8058) records an opt-out
 * for that channel at that address, which stops every later message there from the next claim on. The pages are
 * templates ({@code templates/_pages/optout_<language>.ftlh} and {@code optout-done_<language>.ftlh}), in the language
 * of the message the link came in; a link that is not genuine or names no message is refused with a JSON reason.
 */
public final class OptOutEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(OptOutEndpoint.class);

    private final OptOutLinks links;
    private final LedgerStore ledger;
    private final PolicyStore policy;
    private final TemplateRenderer renderer;

    public OptOutEndpoint(OptOutLinks links, LedgerStore ledger, PolicyStore policy, TemplateRenderer renderer) {
        this.links = links;
        this.ledger = ledger;
        this.policy = policy;
        this.renderer = renderer;
    }

    /** GET: the confirmation page. */
    public void page(Exchange exchange) throws InboundException, TemplateProblem {
        LedgerStore.Delivery d = delivery(exchange);
        InboundReply.html(exchange, 200, renderer.renderPage("optout", locale(d), model(d)));
    }

    /** POST: records the opt-out. */
    public void optOut(Exchange exchange) throws InboundException, TemplateProblem {
        LedgerStore.Delivery d = delivery(exchange);
        Channel channel = Channel.byId(d.channel()).orElseThrow();
        PolicyStore.OptOut o = policy.optOut(channel, d.recipient(), null, "unsubscribe link",
                "from message " + d.contactId() + " (loan " + d.loanId() + ")");
        LOG.info("{}: opt-out {} recorded for {} from an unsubscribe link", d.contactId(), o.id(), channel);
        InboundReply.html(exchange, 200, renderer.renderPage("optout-done", locale(d), model(d)));
    }

    private LedgerStore.Delivery delivery(Exchange exchange) throws InboundException {
        exchange.setProperty(InboundGate.SOURCE, "optout");
        String token = exchange.getMessage().getHeader("token", String.class);
        String contactId = links.contactOf(token)
                .orElseThrow(() -> InboundException.badRequest("this unsubscribe link is not valid"));
        return ledger.deliveryOf(contactId)
                .orElseThrow(() -> InboundException.notFound("no message was sent with this link"));
    }

    /** What the pages may show: the channel and the address, masked; nothing else of the borrower. */
    private static Map<String, Object> model(LedgerStore.Delivery d) {
        return Map.of("channel", d.channel(), "address", masked(d));
    }

    private static Locale locale(LedgerStore.Delivery d) {
        return d.locale() == null ? Locale.ENGLISH : Locale.forLanguageTag(d.locale());
    }

    private static String masked(LedgerStore.Delivery d) {
        String r = d.recipient();
        if (d.channel().equals(Channel.SMS.id())) {
            return PhoneNumbers.mask(r);
        }
        int at = r.indexOf('@');
        return at > 1 ? r.charAt(0) + "***" + r.substring(at) : r;
    }
}
