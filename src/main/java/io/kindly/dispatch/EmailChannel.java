package io.kindly.dispatch;

import io.kindly.domain.Contact;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.function.Function;

/**
 * Turns a claimed email into what camel-mail sends: an HTML part with a plain-text alternative
 * (multipart/alternative), a UTF-8 subject, a Message-ID built from the contact id so that bounces and replies can be
 * matched back to the ledger, and the List-Unsubscribe headers that give one-click unsubscribe.
 */
public final class EmailChannel implements ChannelAdapter {
    /** camel-mail puts this header's text in a multipart/alternative text part beside the HTML body. */
    static final String ALTERNATIVE_BODY = "CamelMailAlternativeBody";
    static final String MAIL_MESSAGE_ID = "CamelMailMessageId";

    private final ChannelSettings.Email settings;
    private final Function<String, String> unsubscribeLinks;

    /** @param unsubscribeLinks the one-click unsubscribe link of a message, by its contact id */
    public EmailChannel(ChannelSettings.Email settings, Function<String, String> unsubscribeLinks) {
        this.settings = settings;
        this.unsubscribeLinks = unsubscribeLinks;
    }

    @Override
    public void prepare(Exchange exchange) {
        Contact contact = Dispatch.claimedContact(exchange);
        io.kindly.domain.Message m = contact.message();
        Message out = exchange.getMessage();
        out.setHeader("To", contact.recipient());
        out.setHeader("From", settings.fromFor(m.locale()));
        if (!settings.replyTo().isEmpty()) {
            out.setHeader("Reply-To", settings.replyTo());
        }
        out.setHeader("Subject", m.subject());
        out.setHeader("Message-ID", messageId(contact));
        // RFC 2369 and RFC 8058: mail clients show an unsubscribe button that posts to this link, no page needed
        // and, where the lender keeps an unsubscribe mailbox, a mailto: for clients that only write (RFC 2369)
        out.setHeader("List-Unsubscribe", "<" + unsubscribeLinks.apply(contact.id()) + ">"
                + (settings.unsubscribeMailto().isEmpty() ? "" : ", <mailto:" + settings.unsubscribeMailto()
                        + "?subject=unsubscribe%20" + contact.id() + ">"));
        out.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        out.setHeader(Exchange.CONTENT_TYPE, "text/html; charset=UTF-8");
        out.setHeader(ALTERNATIVE_BODY, m.body());
        out.setBody(m.html());
    }

    @Override
    public void readAnswer(Exchange exchange) {
        String id = exchange.getMessage().getHeader(MAIL_MESSAGE_ID, String.class);
        exchange.getMessage().setHeader(Dispatch.GATEWAY_MESSAGE_ID, id);
    }

    String messageId(Contact contact) {
        return "<" + contact.id() + "@" + settings.messageIdDomain() + ">";
    }
}
