package dev.haul.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP client on 127.0.0.1 that writes HTTP by hand and reads exactly what comes back, for the tests of servers that
 * break HTTP on purpose or must pass it through untouched: one response at a time ({@link #readResponse}), or
 * everything until the server ends the connection ({@link #readToEnd}), saying how it ended.
 */
public final class RawClient implements AutoCloseable {

    /** How the server ended: closed cleanly (FIN), reset (RST), or sent nothing more within the silence. */
    public enum Ending {
        FIN, RESET, SILENCE
    }

    /** One response: its status, its head, and a body framed by Content-Length (none for a 1xx). */
    public record Response(int status, String head, byte[] body) {}

    /** Everything the server sent: the first head, all bytes after it, and how the connection ended. */
    public record Received(String head, byte[] body, Ending ending) {}

    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)");

    private final Socket socket;
    private final InputStream in;

    private RawClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Connects; a read that waits longer than {@code silence} ends as {@link Ending#SILENCE}. */
    public static RawClient connect(int port, Duration silence) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout((int) silence.toMillis());
        return new RawClient(socket);
    }

    /** Sends {@code requests} (one or several, as written) and reads until the server ends the connection. */
    public static Received exchange(int port, Duration silence, String requests) throws IOException {
        try (RawClient client = connect(port, silence)) {
            client.send(requests);
            return client.readToEnd();
        }
    }

    public RawClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawClient send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    public Response readResponse() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(text.substring(9, 12));
        Matcher length = LENGTH.matcher(text);
        boolean framed = status >= 200 && length.find();
        byte[] body = framed ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return new Response(status, text.substring(0, text.length() - 4), body);
    }

    public Received readToEnd() throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        Ending ending = readAll(received);
        byte[] bytes = received.toByteArray();
        int end = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
        return end < 0
                ? new Received("", bytes, ending)
                : new Received(new String(bytes, 0, end, StandardCharsets.ISO_8859_1),
                        Arrays.copyOfRange(bytes, end + 4, bytes.length), ending);
    }

    private Ending readAll(ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0;) {
                into.write(buffer, 0, n);
            }
            return Ending.FIN;
        } catch (SocketTimeoutException e) {
            return Ending.SILENCE;
        } catch (SocketException e) {
            return Ending.RESET;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
