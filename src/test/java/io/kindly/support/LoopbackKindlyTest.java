package io.kindly.support;

import io.kindly.support.LoopbackHttpServer.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What tests of the shipped routes against a loopback SMS gateway share: a folder of their own, the gateway, a loan
 * book to fill, a clock standing where the test says, and the Kindly each test starts (closed after it).
 */
public abstract class LoopbackKindlyTest {
    @TempDir
    protected Path dir;

    protected LoopbackHttpServer gateway;
    protected TestLoanBook book;
    protected MutableClock clock;
    protected KindlyTestApp app;

    /** Where the clock stands when a test begins. */
    protected Instant startAt() {
        return Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai
    }

    /** What the gateway answers until a test says otherwise. */
    protected Response gatewayAnswer() {
        return Response.json(200, "{\"messageId\":\"gw-1\"}");
    }

    @BeforeEach
    void startLoopbackFixture() throws Exception {
        gateway = new LoopbackHttpServer(r -> gatewayAnswer());
        book = TestLoanBook.create(dir.resolve("loanbook"));
        clock = new MutableClock(startAt());
    }

    @AfterEach
    void stopLoopbackFixture() {
        if (app != null) {
            app.close();
        }
        gateway.close();
    }
}
