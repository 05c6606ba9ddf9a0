package dev.haul.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP listener Haul must never talk to: it accepts connections on an address the URL policy refuses and counts
 * every byte it is sent, never answering. A guard's test passes only if this saw no byte.
 */
public final class TrapListener implements AutoCloseable {

    private final ServerSocket server;
    private final AtomicLong bytes = new AtomicLong();
    private final LinkedBlockingQueue<Long> closedConnections = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Socket> open = new ConcurrentLinkedQueue<>();

    private TrapListener(ServerSocket server) {
        this.server = server;
        Thread acceptor = new Thread(this::accept, "trap-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on {@code address}:{@code port}. */
    public static TrapListener on(String address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return new TrapListener(server);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                Thread reader = new Thread(() -> drain(socket), "trap-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void drain(Socket socket) {
        long seen = 0;
        try (InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[4096];
            for (int read; (read = in.read(buffer)) >= 0;) {
                seen += read;
                bytes.addAndGet(read);
            }
        } catch (IOException reset) {
            // A reset ends the connection as well as a close does.
        }
        closedConnections.add(seen);
    }

    /**
     * Waits until a connection made to this listener has been closed by the other side (up to {@code seconds}), and
     * returns the bytes it carried; -1 when none was closed in time (or none made).
     */
    public long nextClosedConnectionBytes(int seconds) throws InterruptedException {
        Long seen = closedConnections.poll(seconds, TimeUnit.SECONDS);
        return seen == null ? -1 : seen;
    }

    /** Every byte any connection has sent here so far. */
    public long bytes() {
        return bytes.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
