package dev.haul.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * An https origin on the JDK's own TLS server that tells full handshakes from resumed ones. A full handshake
 * presents the certificate, so it asks the key manager for it; a resumed session does not. Every answer is
 * {@code ok} with {@code Connection: close}, so each request comes on a new connection, which could resume the
 * session of the one before. The server offers resumption as the JDK does by default.
 */
public final class HandshakeCountingOrigin implements AutoCloseable {

    private static final byte[] ANSWER = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "Connection: close\r\n\r\nok").getBytes(StandardCharsets.US_ASCII);

    private final SSLServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final Set<Socket> fullHandshakes = ConcurrentHashMap.newKeySet();

    private HandshakeCountingOrigin(TestCertificate certificate) throws Exception {
        X509ExtendedKeyManager keys = (X509ExtendedKeyManager) certificate.keyManagers()[0];
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new KeyManager[]{new Counting(keys)}, null, null);
        server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "handshake-counting-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Serves with {@code certificate}'s key on 127.0.0.1, at a free port. */
    public static HandshakeCountingOrigin start(TestCertificate certificate) throws Exception {
        return new HandshakeCountingOrigin(certificate);
    }

    /** {@code https://host:port/path}, for a {@code host} that leads to 127.0.0.1. */
    public String url(String host, String path) {
        return "https://" + host + ":" + server.getLocalPort() + path;
    }

    /** Connections whose request was answered. */
    public int connections() {
        return connections.get();
    }

    /** Connections that made a full handshake, resuming no earlier session. */
    public int fullHandshakes() {
        return fullHandshakes.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket connection = server.accept()) {
                answer(connection);
            } catch (IOException e) {
                // A client that went away, or the server closing: the next connection is served as usual.
            }
        }
    }

    private void answer(Socket connection) throws IOException {
        InputStream in = connection.getInputStream();
        int matched = 0;
        byte[] endOfHead = {'\r', '\n', '\r', '\n'};
        while (matched < endOfHead.length) {
            int next = in.read();
            if (next < 0) {
                return;
            }
            matched = next == endOfHead[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
        }
        OutputStream out = connection.getOutputStream();
        out.write(ANSWER);
        out.flush();
        connections.incrementAndGet();
    }

    @Override
    public void close() throws IOException {
        try {
            server.close();
        } catch (SocketException e) {
            // Already closed.
        }
    }

    /** The certificate's key manager, noting each connection that asks it for the server's certificate. */
    private final class Counting extends X509ExtendedKeyManager {

        private final X509ExtendedKeyManager keys;

        Counting(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            String alias = keys.chooseServerAlias(keyType, issuers, socket);
            if (alias != null && socket != null) {
                fullHandshakes.add(socket);
            }
            return alias;
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return keys.chooseEngineServerAlias(keyType, issuers, engine);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return keys.chooseClientAlias(keyType, issuers, socket);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }
}
