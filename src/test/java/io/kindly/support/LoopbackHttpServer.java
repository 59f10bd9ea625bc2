package io.kindly.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 (a free port) standing in for an SMS gateway or a lender's webhook. It records
 * every request and answers with what the test's responder returns.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    /** One request as received. Header names are lower-case. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** What to answer, and how long to keep the caller waiting first (a slow or hanging gateway). */
    public record Response(int status, String body, long delayMillis, Map<String, String> headers) {
        public Response(int status, String body, long delayMillis) {
            this(status, body, delayMillis, Map.of());
        }

        public Response(int status, String body) {
            this(status, body, 0);
        }

        /** The same answer with one more response header. */
        public Response header(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, body, delayMillis, Map.copyOf(more));
        }

        public static Response json(int status, String body) {
            return new Response(status, body);
        }

        /** The same answer, given only after this long (bounded: a test fixture, never an open-ended wait). */
        public Response after(long millis) {
            if (millis > 10_000) {
                throw new IllegalArgumentException("a loopback gateway waits at most 10 s");
            }
            return new Response(status, body, millis, headers);
        }
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(2);
    private volatile Function<Request, Response> responder;

    public LoopbackHttpServer(Function<Request, Response> responder) throws IOException {
        this.responder = responder;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        this.server.setExecutor(Executors.newFixedThreadPool(16));
        this.server.createContext("/", this::handle);
        this.server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), headers, body);
        requests.add(request);
        Response response = responder.apply(request);
        if (response.delayMillis() > 0) {
            // a slow gateway: the answer goes out later from the scheduler, and no thread waits for it meanwhile
            later.schedule(() -> answer(exchange, response), response.delayMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        answer(exchange, response);
    }

    private static void answer(HttpExchange exchange, Response response) {
        byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        try {
            exchange.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        } catch (IOException gone) {
            // the caller gave up waiting (a timeout under test): nothing to answer
        } finally {
            exchange.close();
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public void respondWith(Function<Request, Response> newResponder) {
        this.responder = newResponder;
    }

    public void clear() {
        requests.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        later.shutdownNow();
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
