package io.kindly.demo;

import io.kindly.shared.WebhookSignature;
import org.apache.camel.Exchange;

/** Helper for the demo's webhook sink (routes/demo/demo-sinks.camel.yaml): checks a request's signature. */
public final class DemoSinks {
    private final String secret;
    private final String signatureHeader;

    public DemoSinks(String secret, String signatureHeader) {
        this.secret = secret;
        this.signatureHeader = signatureHeader;
    }

    public boolean signatureValid(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        return WebhookSignature.verify(secret, body, exchange.getMessage().getHeader(signatureHeader, String.class));
    }
}
