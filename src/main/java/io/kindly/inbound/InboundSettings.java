package io.kindly.inbound;

import io.kindly.app.config.Settings;

import java.net.URI;
import java.util.Set;

/**
 * Kindly's own HTTP endpoints as borrowers and gateways reach them.
 *
 * @param publicUrl where the lender exposes Kindly's HTTP server to the world (behind their proxy), used to build the
 *                  links Kindly puts in messages, such as the one-click unsubscribe link in every email
 * @param secret    signs those links, so a link can only stop the reminders of the message it came in
 */
public record InboundSettings(String publicUrl, String secret) {

    public static InboundSettings read(Settings s) {
        URI url = s.url("kindly.inbound.public-url", "the address at which borrowers reach Kindly's HTTP server "
                + "(the base of unsubscribe links), e.g. https://reminders.lender.example", Set.of("http", "https"));
        String secret = s.required("kindly.inbound.secret", "the key that signs unsubscribe links "
                + "(set it through the environment variable KINDLY_INBOUND_SECRET)");
        if (!secret.isEmpty() && secret.length() < 16) {
            s.problem("kindly.inbound.secret", "too short: use at least 16 characters");
        }
        String base = url == null ? "" : url.toString().replaceAll("/+$", "");
        return new InboundSettings(base, secret);
    }
}
