package io.kindly.lint;

import java.util.ArrayList;
import java.util.List;

/**
 * What mail systems expect of the email Kindly sends, checked from the settings: the one-click unsubscribe link of
 * every email (List-Unsubscribe, from {@code kindly.inbound.public-url}) must be https, as RFC 8058 requires and as
 * large mailbox providers enforce. http:// is allowed while the demo is on, and to this machine's loopback address
 * (a Kindly under test: no borrower can reach it anyway).
 */
public final class MailRules {
    private MailRules() {
    }

    /**
     * @param unsubscribeBase the start of every unsubscribe link ({@code <public-url>/optout/})
     * @param origin          where {@code kindly.inbound.public-url} is set ({@code config/inbound.properties:21}, or an
     *                        environment variable)
     */
    public static List<Finding> check(boolean demo, boolean emailEnabled, String unsubscribeBase, String origin) {
        List<Finding> findings = new ArrayList<>();
        if (!demo && emailEnabled && unsubscribeBase.regionMatches(true, 0, "http://", 0, 7) && !loopback(unsubscribeBase)) {
            int colon = origin.lastIndexOf(':');
            boolean hasLine = colon > 0 && origin.substring(colon + 1).matches("\\d+");
            findings.add(new Finding(Finding.Severity.ERROR, hasLine ? origin.substring(0, colon) : origin,
                    hasLine ? Integer.parseInt(origin.substring(colon + 1)) : 0, "email/unsubscribe-https",
                    "kindly.inbound.public-url makes every email's unsubscribe link http:// (" + unsubscribeBase
                            + "...): one-click unsubscribe (RFC 8058) needs https, and mail providers mark such mail "
                            + "as spam; set it to the https address borrowers reach Kindly at"));
        }
        return findings;
    }

    private static boolean loopback(String url) {
        String host = java.net.URI.create(url).getHost();
        return host != null && (host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]"));
    }
}
