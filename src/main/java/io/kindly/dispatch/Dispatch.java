package io.kindly.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kindly.domain.Contact;
import org.apache.camel.Exchange;

import java.io.IOException;

/**
 * What the send route and the channel routes agree on: the claimed contact travels in an exchange property while the
 * message body becomes the transport's request and response, and a channel leaves the gateway's own id for the
 * message in a header.
 */
public final class Dispatch {
    /** Exchange property holding the {@link Contact} being sent. */
    public static final String CONTACT = Contact.PROPERTY;
    /** Header a channel route sets to the gateway's id for the message, when it gives one. */
    public static final String GATEWAY_MESSAGE_ID = "KindlyGatewayMessageId";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dispatch() {
    }

    public static Contact contact(Exchange exchange) {
        Contact contact = exchange.getProperty(CONTACT, Contact.class);
        if (contact == null) {
            throw new IllegalStateException("no contact on the exchange: channel routes are called by kindly-send");
        }
        return contact;
    }

    /**
     * The contact a channel is about to send: refused unless the ledger has committed this process's claim on it, so
     * a route that reaches a channel without {@code ledger.claim} (an edit gone wrong) sends nothing.
     */
    public static Contact claimedContact(Exchange exchange) {
        Contact contact = contact(exchange);
        if (!contact.isClaimed()) {
            throw new UnclaimedSendException(contact.id());
        }
        return contact;
    }

    /**
     * After an HTTP channel call: takes the gateway's id for the message from its JSON answer (at a JSON pointer) into
     * {@link #GATEWAY_MESSAGE_ID}; the channel route then drops every other header.
     */
    public static void takeGatewayId(Exchange exchange, String pointer) {
        String id = jsonField(exchange.getMessage().getBody(String.class), pointer);
        exchange.getMessage().setHeader(GATEWAY_MESSAGE_ID, id);
    }

    /** The value at a JSON pointer in a response body; null when the body is not JSON or has nothing there. */
    static String jsonField(String body, String pointer) {
        if (body == null || body.isBlank() || pointer == null || pointer.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body).at(pointer);
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        } catch (IOException e) {
            return null;
        }
    }
}
