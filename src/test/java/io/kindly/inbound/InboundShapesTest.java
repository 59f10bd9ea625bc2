package io.kindly.inbound;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shapes in which gateways send receipts and replies, read through field pointers, and the ways they can
 * authenticate. (Over real HTTP, with the shipped routes: the Kannel, Twilio and Vonage preset tests and
 * InboundEndpointsTest.)
 */
class InboundShapesTest {
    static final String SECRET = "shapes-test-secret-0123456789";

    @Test
    void aTextPlainReplyWithTheSenderInAHeaderAsKannelsPostUrlSendsIt() throws Exception {
        InboundRequest r = InboundRequest.parse("退订".getBytes(StandardCharsets.UTF_8), "text/plain; charset=UTF-8", "",
                Map.of("X-Kannel-From", "+8613900000001", "X-Kannel-To", "10690000")::get);
        assertThat(r.field("body")).hasValue("退订");
        assertThat(r.field("header:X-Kannel-From")).hasValue("+8613900000001");
        assertThat(r.field("/text")).isEmpty();
        // the evidence keeps the header it was read from
        assertThat(r.text()).isEqualTo("退订\nX-Kannel-From: +8613900000001");
    }

    @Test
    void aGetHasItsFieldsInTheQueryByNameOrAsQueryPointers() throws Exception {
        InboundRequest r = InboundRequest.parse(new byte[0], null, "from=%2B8613900000001&to=10690000&text=%E9%80%80%E8%AE%A2",
                name -> null);
        assertThat(r.field("/from")).hasValue("+8613900000001");
        assertThat(r.field("query:text")).hasValue("退订");
        assertThat(r.text()).isEqualTo("?from=%2B8613900000001&to=10690000&text=%E9%80%80%E8%AE%A2");
        assertThatThrownBy(() -> InboundRequest.parse(new byte[0], null, "", name -> null))
                .isInstanceOf(InboundException.class).hasMessage("the request has no body and no query parameters");
    }

    @Test
    void aFormOrJsonReceiptFindsKindlysReferenceInTheCallbackUrlsQuery() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("MessageStatus", List.of("delivered"));
        InboundRequest form = InboundRequest.ofForm(fields, "ref=k1-abc", name -> null);
        assertThat(form.field("/MessageStatus")).hasValue("delivered");
        assertThat(form.field("query:ref")).hasValue("k1-abc");
        assertThat(form.field("/ref")).isEmpty();
        InboundRequest json = InboundRequest.parse("{\"state\":{\"code\":\"DELIVRD\"}}".getBytes(StandardCharsets.UTF_8),
                "application/json", "ref=k1-def", name -> null);
        assertThat(json.field("/state/code")).hasValue("DELIVRD");
        assertThat(json.field("query:ref")).hasValue("k1-def");
        assertThatThrownBy(() -> InboundRequest.parse("<x/>".getBytes(StandardCharsets.UTF_8), "application/xml", "",
                name -> null)).isInstanceOf(InboundException.class).hasMessageContaining("must be JSON")
                .hasMessageContaining("text (text/plain)");
    }

    @Test
    void basicAuthenticationChecksTheUserAndThePassword() throws Exception {
        InboundSettings.Auth auth = new InboundSettings.Auth("sms", "basic", "Authorization", SECRET, "gateway", "");
        InboundGate.authenticate(auth, exchange(Map.of("Authorization", basic("gateway", SECRET))), new byte[0]);
        for (String wrong : List.of(basic("other", SECRET), basic("gateway", SECRET + "x"), "Basic !!", "Bearer " + SECRET)) {
            assertThatThrownBy(() -> InboundGate.authenticate(auth, exchange(Map.of("Authorization", wrong)), new byte[0]))
                    .isInstanceOf(InboundException.class).hasMessage("the Authorization credentials are not valid")
                    .extracting(e -> ((InboundException) e).status()).isEqualTo(401);
        }
    }

    @Test
    void aPathTokenIsTakenOnlyFromThePathAndOnlyWhereTheSourceAuthenticatesThatWay() throws Exception {
        InboundSettings.Auth path = new InboundSettings.Auth("sms", "path-token", "", SECRET, "", "");
        Exchange good = exchange(Map.of());
        good.setProperty(InboundGate.TOKEN_IN_PATH, SECRET);
        InboundGate.authenticate(path, good, new byte[0]);
        Exchange wrong = exchange(Map.of());
        wrong.setProperty(InboundGate.TOKEN_IN_PATH, SECRET.substring(1));
        assertThatThrownBy(() -> InboundGate.authenticate(path, wrong, new byte[0]))
                .hasMessage("the token in the path is not valid");
        // the token as a header on the bare path is not a token in the path
        assertThatThrownBy(() -> InboundGate.authenticate(path, exchange(Map.of("token", SECRET,
                Exchange.HTTP_PATH, "/inbound/sms/reply")), new byte[0]))
                .hasMessageStartingWith("the token is missing from the path: call /inbound/sms/reply/<token>");
        InboundSettings.Auth token = new InboundSettings.Auth("sms", "token", "Authorization", SECRET);
        assertThatThrownBy(() -> InboundGate.authenticate(token, good, new byte[0]))
                .extracting(e -> ((InboundException) e).status()).isEqualTo(404);
    }

    @Test
    void twilioSignaturesAreTwiliosOwn() {
        // the example in Twilio's documentation of its webhook security
        Map<String, String> params = Map.of("CallSid", "CA1234567890ABCDE", "Caller", "+12349013030",
                "Digits", "1234", "From", "+12349013030", "To", "+18005551212");
        assertThat(TwilioSignature.of("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params))
                .isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Exchange exchange(Map<String, String> headers) {
        Exchange ex = new DefaultExchange(new DefaultCamelContext());
        headers.forEach(ex.getMessage()::setHeader);
        return ex;
    }
}
