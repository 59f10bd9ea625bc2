package io.kindly.shared;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final String SECRET = "demo-webhook-secret-not-for-production";
    private static final byte[] BODY = "{\"id\":\"k1-0123\",\"text\":\"您好 Amelia\"}".getBytes(StandardCharsets.UTF_8);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rfc4231TestCase2() {
        assertThat(WebhookSignature.sign("Jefe", utf8("what do ya want for nothing?")))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void signatureIsTheHexHmacSha256OfTheExactBodyBytes() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(utf8(SECRET), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(BODY));

        assertThat(WebhookSignature.sign(SECRET, BODY)).isEqualTo(expected).matches("sha256=[0-9a-f]{64}");
    }

    @Test
    void verifyAcceptsTheRightSignature() {
        String header = WebhookSignature.sign(SECRET, BODY);
        assertThat(WebhookSignature.verify(SECRET, BODY, header)).isTrue();
        assertThat(WebhookSignature.verify(SECRET, BODY, "  " + header + "\r\n")).as("surrounding whitespace").isTrue();
        assertThat(WebhookSignature.verify("Jefe", utf8("what do ya want for nothing?"),
                "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")).isTrue();
    }

    @Test
    void verifyRefusesMissingOrWrongSignatures() {
        String header = WebhookSignature.sign(SECRET, BODY);
        assertThat(WebhookSignature.verify(SECRET, BODY, null)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, header)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "")).isFalse();
        assertThat(WebhookSignature.verify("another-secret", BODY, header)).as("wrong key").isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, header.substring("sha256=".length()))).as("no prefix").isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, header.substring(0, header.length() - 1))).as("truncated")
                .isFalse();
    }

    @Test
    void verifyRefusesATamperedBody() {
        String header = WebhookSignature.sign(SECRET, BODY);
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 0x01;
        assertThat(WebhookSignature.verify(SECRET, tampered, header)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, utf8(new String(BODY, StandardCharsets.UTF_8) + " "), header))
                .as("one trailing space").isFalse();
    }

    @Test
    void prefixIsCaseSensitive() {
        String header = WebhookSignature.sign(SECRET, BODY);
        String hex = header.substring(WebhookSignature.PREFIX.length());
        assertThat(WebhookSignature.verify(SECRET, BODY, "SHA256=" + hex)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "Sha256=" + hex)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, BODY, "sha1=" + hex)).isFalse();
    }

    @Test
    void differentSecretsOrBodiesGiveDifferentSignatures() {
        assertThat(WebhookSignature.sign(SECRET, BODY)).isNotEqualTo(WebhookSignature.sign(SECRET + "x", BODY));
        assertThat(WebhookSignature.sign(SECRET, utf8("a"))).isNotEqualTo(WebhookSignature.sign(SECRET, utf8("b")));
    }
}
