package io.kindly.domain;

import java.util.Locale;

/**
 * A rendered message, exactly as it goes to the borrower.
 *
 * @param template     the template files used, relative to {@code templates/} (for email, the text part's file)
 * @param templateHash SHA-256 over the source of every template file used, so a ledger entry traces to the version
 * @param subject      email subject and in-app title; null for SMS
 * @param body         the SMS text, the plain-text email part or the in-app text
 * @param html         the HTML email part; null for other channels
 */
public record Message(String template, String templateHash, Locale locale, String subject, String body, String html) {
}
