package io.kindly.dispatch;

import io.kindly.domain.Reason;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SendFailureTest {

    private static final String BODY_WITH_PERSONAL_DATA =
            "{\"error\":\"blocked\",\"to\":\"+8613800138000\",\"text\":\"Hi Amelia, you owe 1250\"}";

    private static HttpOperationFailedException http(int status, String body) {
        return new HttpOperationFailedException("http://127.0.0.1:8787/sms", status, "status " + status, null,
                Map.of("Content-Type", "application/json"), body);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 409, 410, 422})
    void clientErrorsAreAPermanentRefusal(int status) {
        SendFailure f = SendFailure.of(http(status, BODY_WITH_PERSONAL_DATA));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_REJECTED);
        assertThat(f.permanent()).isTrue();
        assertThat(f.forLog()).isEqualTo("HTTP " + status);
    }

    /** Wrong credentials or a wrong address refuse the channel, not the message: nothing was sent, nothing is final. */
    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404})
    void unauthorisedForbiddenAndNotFoundRefuseTheChannel(int status) {
        SendFailure f = SendFailure.of(http(status, BODY_WITH_PERSONAL_DATA));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_CREDENTIALS);
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.CHANNEL_REFUSED);
        assertThat(f.permanent()).isFalse();
        assertThat(f.forLog()).isEqualTo("HTTP " + status);
        assertThat(f.forLedger()).isEqualTo("HTTP " + status + ": " + BODY_WITH_PERSONAL_DATA);
    }

    @Test
    void aRefusedSmtpLoginRefusesTheChannel() {
        SendFailure f = SendFailure.of(new org.apache.camel.RuntimeCamelException(
                new jakarta.mail.AuthenticationFailedException("535 5.7.8 Authentication credentials invalid")));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_CREDENTIALS);
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.CHANNEL_REFUSED);
        assertThat(f.forLog()).isEqualTo("SMTP authentication failed");
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503})
    void throttlingTimeoutsAndServerErrorsAreNotPermanent(int status) {
        SendFailure f = SendFailure.of(http(status, "try later"));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_ERROR);
        assertThat(f.permanent()).isFalse();
        assertThat(f.forLog()).isEqualTo("HTTP " + status);
        assertThat(f.forLedger()).isEqualTo("HTTP " + status + ": try later");
    }

    @Test
    void ledgerGetsTheGatewaysAnswerButTheLogNeverDoes() {
        SendFailure f = SendFailure.of(http(400, BODY_WITH_PERSONAL_DATA));
        assertThat(f.forLedger()).isEqualTo("HTTP 400: " + BODY_WITH_PERSONAL_DATA);
        assertThat(f.forLog()).doesNotContain("+8613800138000").doesNotContain("13800138000")
                .doesNotContain("Amelia").doesNotContain("blocked");

        SendFailure unavailable = SendFailure.of(http(503, BODY_WITH_PERSONAL_DATA));
        assertThat(unavailable.forLog()).isEqualTo("HTTP 503").doesNotContain("13800138000");
    }

    @Test
    void longGatewayAnswersAreCutForTheLedger() {
        SendFailure f = SendFailure.of(http(400, "x".repeat(2000)));
        assertThat(f.forLedger()).startsWith("HTTP 400: xxx").hasSize("HTTP 400: ".length() + 500 + 1).endsWith("…");
    }

    @Test
    void missingResponseBodyIsFine() {
        SendFailure f = SendFailure.of(http(404, null));
        assertThat(f.forLedger()).isEqualTo("HTTP 404");
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_CREDENTIALS);
        SendFailure refused = SendFailure.of(http(422, null));
        assertThat(refused.forLedger()).isEqualTo("HTTP 422");
        assertThat(refused.reason()).isEqualTo(Reason.GATEWAY_REJECTED);
    }

    @Test
    void socketTimeoutIsATimeout() {
        SendFailure f = SendFailure.of(new SocketTimeoutException("Read timed out"));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_ERROR);
        assertThat(f.permanent()).isFalse();
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.AMBIGUOUS);
        assertThat(f.forLog()).isEqualTo("timeout");
        assertThat(f.forLedger()).isEqualTo("timed out: SocketTimeoutException: Read timed out");
    }

    @Test
    void wrappedCausesAreFound() {
        Exception wrappedHttp = new CamelExchangeException("send failed", null,
                new RuntimeException("outer", http(400, BODY_WITH_PERSONAL_DATA)));
        SendFailure rejected = SendFailure.of(wrappedHttp);
        assertThat(rejected.reason()).isEqualTo(Reason.GATEWAY_REJECTED);
        assertThat(rejected.permanent()).isTrue();
        assertThat(rejected.forLog()).isEqualTo("HTTP 400");

        Exception wrappedTimeout = new UncheckedIOException(new IOException("io",
                new SocketTimeoutException("connect timed out")));
        SendFailure timeout = SendFailure.of(new RuntimeException(wrappedTimeout));
        assertThat(timeout.forLog()).isEqualTo("timeout");
        assertThat(timeout.forLedger()).isEqualTo("timed out: SocketTimeoutException: connect timed out");
        assertThat(timeout.permanent()).isFalse();
    }

    @Test
    void aGatewayThatCannotBeReachedNeverGotTheMessage() {
        SendFailure f = SendFailure.of(new RuntimeException(new ConnectException("Connection refused to +8613800138000")));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_ERROR);
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
        assertThat(f.forLog()).isEqualTo("not reachable").doesNotContain("13800138000");
        assertThat(f.forLedger()).isEqualTo("not reachable: ConnectException: Connection refused to +8613800138000");
        assertThat(SendFailure.of(new org.apache.hc.client5.http.ConnectTimeoutException("connect timed out")).kind())
                .isEqualTo(SendFailure.Kind.TRANSIENT);
    }

    @Test
    void aDroppedConnectionMayHaveDeliveredTheRequest() {
        SendFailure f = SendFailure.of(new org.apache.hc.core5.http.NoHttpResponseException("no response"));
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.AMBIGUOUS);
        assertThat(f.forLog()).isEqualTo("NoHttpResponseException");
    }

    @ParameterizedTest
    @ValueSource(ints = {421, 450, 451, 452})
    void smtpFourHundredsAreNotNow(int code) {
        SendFailure f = SendFailure.of(new RuntimeException(new org.eclipse.angus.mail.smtp.SMTPSendFailedException(
                "DATA", code, code + " try again later", null, null, null, null)));
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_ERROR);
        assertThat(f.forLog()).isEqualTo("SMTP " + code);
    }

    @ParameterizedTest
    @ValueSource(ints = {550, 553, 554})
    void smtpFiveHundredsAreFinal(int code) {
        SendFailure f = SendFailure.of(new org.eclipse.angus.mail.smtp.SMTPAddressFailedException(
                new jakarta.mail.internet.InternetAddress(), "RCPT TO", code, code + " no such user"));
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.PERMANENT);
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_REJECTED);
    }

    @Test
    void aMailServerThatIsDownIsNotNow() {
        SendFailure f = SendFailure.of(new org.eclipse.angus.mail.util.MailConnectException(
                new org.eclipse.angus.mail.util.SocketConnectException("refused", new ConnectException("refused"),
                        "127.0.0.1", 2525, 1000)));
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
        assertThat(f.forLog()).isEqualTo("SMTP not reachable");
    }

    @Test
    void aMailConversationThatBrokeOffMayHaveDelivered() {
        SendFailure f = SendFailure.of(new RuntimeException(new jakarta.mail.MessagingException("connection lost")));
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.AMBIGUOUS);
        assertThat(f.forLog()).isEqualTo("mail MessagingException");
    }

    @Test
    void anOpenCircuitBreakerSentNothing() {
        io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
                io.github.resilience4j.circuitbreaker.CircuitBreaker.ofDefaults("sms");
        breaker.transitionToOpenState();
        SendFailure f = SendFailure.of(io.github.resilience4j.circuitbreaker.CallNotPermittedException
                .createCallNotPermittedException(breaker));
        assertThat(f.kind()).isEqualTo(SendFailure.Kind.UNAVAILABLE);
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_UNAVAILABLE);
    }

    @Test
    void aRefusalInsideATwoHundredIsARefusalAndAThrottleIsNotNow() {
        SendFailure refused = SendFailure.of(new GatewayAnswerException("INVALID_NUMBER", false,
                "{\"status\":\"INVALID_NUMBER\",\"to\":\"+8613800138000\"}"));
        assertThat(refused.kind()).isEqualTo(SendFailure.Kind.PERMANENT);
        assertThat(refused.reason()).isEqualTo(Reason.GATEWAY_REJECTED);
        assertThat(refused.forLog()).isEqualTo("status INVALID_NUMBER");
        assertThat(refused.forLedger()).contains("INVALID_NUMBER", "+8613800138000");
        SendFailure busy = SendFailure.of(new GatewayAnswerException("THROTTLED", true, "busy"));
        assertThat(busy.kind()).isEqualTo(SendFailure.Kind.TRANSIENT);
    }

    @Test
    void mailProblemsAreGatewayErrors() {
        SendFailure f = SendFailure.of(new RuntimeException(new jakarta.mail.SendFailedException("Invalid Addresses")));
        assertThat(f.reason()).isEqualTo(Reason.GATEWAY_ERROR);
        assertThat(f.permanent()).isFalse();
        assertThat(f.forLog()).isEqualTo("mail SendFailedException");
        assertThat(f.forLedger()).startsWith("mail: SendFailedException: Invalid Addresses");
    }

    @Test
    void anythingElseIsASendErrorThatRetryingCannotMend() {
        SendFailure f = SendFailure.of(new IllegalStateException("no route for amelia@example.com"));
        assertThat(f.reason()).isEqualTo(Reason.SEND_ERROR);
        assertThat(f.permanent()).isTrue();
        assertThat(f.forLog()).isEqualTo("IllegalStateException");
        assertThat(f.forLedger()).isEqualTo("IllegalStateException: no route for amelia@example.com");
    }

    @Test
    void selfCausedExceptionDoesNotLoop() {
        Exception odd = new Exception("odd") {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };
        SendFailure f = SendFailure.of(odd);
        assertThat(f.reason()).isEqualTo(Reason.SEND_ERROR);
        assertThat(f.forLedger()).endsWith("odd");
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "429|120|2026-11-23T02:02:00Z",
            "503|Mon, 23 Nov 2026 02:30:00 GMT|2026-11-23T02:30:00Z",
            "429|soon|none",
            "500|120|none",
            "400|120|none"})
    void aRetryAfterHeaderIsReadOnlyWhereItMeansComeBackLater(int status, String header, String expected) {
        java.time.Instant now = java.time.Instant.parse("2026-11-23T02:00:00Z");
        HttpOperationFailedException e = new HttpOperationFailedException("http://127.0.0.1:8787/sms", status,
                "status " + status, null, Map.of("Retry-After", header), "{}");
        assertThat(SendFailure.retryAfter(e, now).map(java.time.Instant::toString).orElse("none")).isEqualTo(expected);
    }
}
