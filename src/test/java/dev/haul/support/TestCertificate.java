package dev.haul.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

import io.vertx.core.net.PfxOptions;

/**
 * A self-signed server certificate made with the JDK's own {@code keytool}, so https tests need no key material in the
 * repository: the PKCS#12 key store for the server, and the certificate as PEM for the client to trust.
 */
public record TestCertificate(Path keyStore, Path pem) {

    private static final String PASSWORD = "test-only";

    /** Makes (or makes again) the certificate {@code name} in {@code dir}, valid for the DNS name {@code dnsName}. */
    public static TestCertificate selfSigned(Path dir, String name, String dnsName) {
        try {
            Files.createDirectories(dir);
            TestCertificate certificate = at(dir, name);
            Files.deleteIfExists(certificate.keyStore());
            Files.deleteIfExists(certificate.pem());
            keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                    "-dname", "CN=haul test " + name, "-ext", "SAN=dns:" + dnsName, "-validity", "30",
                    "-storetype", "PKCS12", "-keystore", certificate.keyStore().toString(),
                    "-storepass", PASSWORD, "-keypass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", name, "-keystore", certificate.keyStore().toString(),
                    "-storepass", PASSWORD, "-file", certificate.pem().toString());
            return certificate;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The certificate {@code name} made earlier in {@code dir}. */
    public static TestCertificate at(Path dir, String name) {
        return new TestCertificate(dir.resolve(name + ".p12").toAbsolutePath(), dir.resolve(name + ".pem")
                .toAbsolutePath());
    }

    /** The server side: key and certificate. */
    public PfxOptions serverKey() {
        return new PfxOptions().setPath(keyStore.toString()).setPassword(PASSWORD);
    }

    /** The server side for the JDK's own TLS server. */
    public KeyManager[] keyManagers() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, PASSWORD.toCharArray());
            return factory.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test key store " + keyStore, e);
        }
    }

    private static void keytool(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException("keytool failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        }
    }
}
