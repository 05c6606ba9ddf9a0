package dev.haul.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.vertx.core.net.TrustOptions;

/**
 * The certificate authorities Haul trusts for https origins: the JVM's own, plus the PEM files an operator names in
 * {@code haul.fetch.extra-ca-certs} (for private origins behind an internal CA). Extra authorities are added, never
 * substituted: public origins keep working.
 */
final class OriginTrust {

    private static final String PROPERTY = "haul.fetch.extra-ca-certs";

    private OriginTrust() {}

    /** The JVM's authorities and those in {@code pemFiles}; fails naming the property and file when one is unusable. */
    static TrustOptions withExtraAuthorities(List<Path> pemFiles) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int entry = 0;
            for (X509Certificate authority : jvmAuthorities()) {
                store.setCertificateEntry("jvm-" + entry++, authority);
            }
            for (Path pem : pemFiles) {
                for (Certificate authority : read(pem)) {
                    store.setCertificateEntry("extra-" + entry++, authority);
                }
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            return TrustOptions.wrap(combined);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(PROPERTY + ": could not build the trust store: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> jvmAuthorities() throws GeneralSecurityException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        for (TrustManager manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return List.of(x509.getAcceptedIssuers());
            }
        }
        return List.of();
    }

    private static Collection<? extends Certificate> read(Path pem) {
        if (!Files.isReadable(pem)) {
            throw new IllegalStateException(PROPERTY + ": " + pem + " does not exist or cannot be read");
        }
        try (InputStream in = Files.newInputStream(pem)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new IllegalStateException(PROPERTY + ": " + pem + " holds no certificate");
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(PROPERTY + ": " + pem + " is not a PEM certificate file: " + e.getMessage(),
                    e);
        }
    }
}
