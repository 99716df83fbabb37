import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's own HTTP/1.1 client, shared by its Java load generators: raw sockets and hand-built requests, so
 * that the client costs little CPU on a machine whose cores the service also needs, and so that every byte it sends is
 * known. A {@link Pool} keeps keep-alive connections; a connection the server closes, or that fails, is dropped.
 */
final class Http {

    private static final Pattern CODE = Pattern.compile("\"code\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final Pattern CHECKOUT_ID = Pattern.compile("\"checkoutId\"\\s*:\\s*\"([0-9a-fA-F-]{36})\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private Http() {
    }

    /** An answer: status, Retry-After (seconds, -1 when absent), the body (text) and whether the server closes. */
    record Answer(int status, int retryAfter, String body, boolean close) {

        /** The problem's {@code code}, or "none". */
        String code() {
            Matcher m = CODE.matcher(body);
            return m.find() ? m.group(1) : "none";
        }

        String checkoutId() {
            Matcher m = CHECKOUT_ID.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        String checkoutStatus() {
            Matcher m = STATUS.matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    record Conn(Socket socket, InputStream in, OutputStream out) {
    }

    /** Builds a request's bytes. */
    static byte[] request(String method, String host, int port, String path, String token, String idempotencyKey,
            String jsonBody) {
        StringBuilder s = new StringBuilder(768).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                .append(host).append(':').append(port).append("\r\n");
        if (token != null) {
            s.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (idempotencyKey != null) {
            s.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        if (jsonBody != null) {
            s.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(jsonBody.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(jsonBody);
        } else if (method.equals("POST")) {
            s.append("Content-Length: 0\r\n\r\n");
        } else {
            s.append("\r\n");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Keep-alive connections to one server; a connection is opened whenever none is free. */
    static final class Pool {
        final String host;
        final int port;
        final int readTimeoutMillis;
        final AtomicInteger opened = new AtomicInteger();
        private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();

        Pool(String host, int port, int readTimeoutMillis) {
            this.host = host;
            this.port = port;
            this.readTimeoutMillis = readTimeoutMillis;
        }

        /** One request over a pooled connection; a kept connection that failed is dropped and the request sent once more. */
        Answer exchange(byte[] request) throws IOException {
            for (int attempt = 0; ; attempt++) {
                Conn c = idle.pollFirst();
                boolean fresh = c == null;
                if (fresh) {
                    c = open(host, port, readTimeoutMillis, readTimeoutMillis);
                    opened.incrementAndGet();
                }
                try {
                    Answer a = send(c, request);
                    if (a.close()) {
                        c.socket().close(); // the server ends the connection (Tomcat: after 100 requests on it)
                    } else {
                        idle.offerFirst(c);
                    }
                    return a;
                } catch (IOException e) {
                    c.socket().close();
                    if (fresh || attempt > 0 || e instanceof java.net.SocketTimeoutException) {
                        throw e;
                    }
                }
            }
        }

        void close() {
            for (Conn c : idle) {
                try {
                    c.socket().close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    /** One request on a connection of its own, closed afterwards (as a Kubernetes probe does). */
    static Answer once(String host, int port, byte[] request, int timeoutMillis) throws IOException {
        Conn c = open(host, port, timeoutMillis, timeoutMillis);
        try {
            return send(c, request);
        } finally {
            c.socket().close();
        }
    }

    static Conn open(String host, int port, int connectTimeoutMillis, int readTimeoutMillis) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
        s.setSoTimeout(readTimeoutMillis);
        return new Conn(s, new BufferedInputStream(s.getInputStream(), 8192), s.getOutputStream());
    }

    static Answer send(Conn c, byte[] request) throws IOException {
        c.out().write(request);
        c.out().flush();
        return read(c.in());
    }

    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = false;
        int retryAfter = -1;
        String h;
        while (!(h = line(in)).isEmpty()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                close = true;
            } else if (name.equalsIgnoreCase("Retry-After")) {
                try {
                    retryAfter = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    retryAfter = 0; // an HTTP date: present, but not in seconds
                }
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        if (chunked) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                long chunk = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (chunk == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(in, body, chunk);
                line(in);
            }
        } else if (length > 0) {
            copy(in, body, length);
        }
        return new Answer(status, retryAfter, body.toString(StandardCharsets.UTF_8), close);
    }

    private static void copy(InputStream in, ByteArrayOutputStream to, long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, n)];
        while (n > 0) {
            int k = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (k < 0) {
                throw new IOException("connection closed");
            }
            to.write(buf, 0, k);
            n -= k;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = b.size();
                byte[] bytes = b.toByteArray();
                return new String(bytes, 0, len > 0 && bytes[len - 1] == '\r' ? len - 1 : len,
                        StandardCharsets.US_ASCII);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
    }

    // --- figures ---------------------------------------------------------------------------------------------------

    /** The p-th percentile of sorted values (nearest rank). */
    static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    /** {"n":…,"p50":…,"p90":…,"p99":…,"p999":…,"max":…} in milliseconds, of latencies in nanoseconds. */
    static String latencyJson(long[] nanos, int n) {
        long[] s = Arrays.copyOf(nanos, n);
        Arrays.sort(s);
        return "{\"n\":" + n + ",\"p50\":" + ms(pct(s, 50)) + ",\"p90\":" + ms(pct(s, 90)) + ",\"p99\":"
                + ms(pct(s, 99)) + ",\"p999\":" + ms(pct(s, 99.9)) + ",\"max\":" + ms(n == 0 ? 0 : s[n - 1]) + "}";
    }

    /** A growable array of latencies (ns), safe to add to from many threads. */
    static final class Latencies {
        private long[] values = new long[1024];
        private int n;

        synchronized void add(long nanos) {
            if (n == values.length) {
                values = Arrays.copyOf(values, n * 2);
            }
            values[n++] = nanos;
        }

        synchronized String json() {
            return latencyJson(values, n);
        }

        synchronized int count() {
            return n;
        }
    }
}
