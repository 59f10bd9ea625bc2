package io.kindly.dispatch;

import org.apache.camel.Exchange;

/**
 * The two steps every channel's bean gives the channel route template ({@code routes/channels/channel-template.camel.yaml}):
 * the route clears the headers, calls {@link #prepare}, sends to the gateway's endpoint, calls {@link #readAnswer}, and
 * passes only {@link Dispatch#GATEWAY_MESSAGE_ID} back. A new channel (SMPP, push) is a bean with these two methods and
 * an instance of the template.
 */
public interface ChannelAdapter {
    /**
     * Turns the claimed contact ({@link Dispatch#claimedContact}, refused when unclaimed) into the transport's request:
     * body and headers. Runs again before every retry.
     */
    void prepare(Exchange exchange) throws Exception;

    /**
     * Reads the gateway's answer after the endpoint returned: throws when the answer is a refusal (as the transport
     * error it stands for), and sets {@link Dispatch#GATEWAY_MESSAGE_ID} when the gateway gives an id.
     */
    void readAnswer(Exchange exchange) throws Exception;
}
