package dev.haul.fetch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad {@code haul.fetch.extra-ca-certs} stops start-up with a message that names the setting and the file. */
class OriginTrustTest {

    @Test
    void missingFile_isNamed() {
        Path missing = Path.of("target/no-such-ca.pem");

        assertThatThrownBy(() -> OriginTrust.withExtraAuthorities(List.of(missing)))
                .hasMessageContaining("haul.fetch.extra-ca-certs")
                .hasMessageContaining("no-such-ca.pem")
                .hasMessageContaining("does not exist");
    }

    @Test
    void fileWithoutACertificate_isNamed(@TempDir Path dir) throws Exception {
        Path notPem = Files.writeString(dir.resolve("notes.pem"), "not a certificate\n");

        assertThatThrownBy(() -> OriginTrust.withExtraAuthorities(List.of(notPem)))
                .hasMessageContaining("haul.fetch.extra-ca-certs")
                .hasMessageContaining("notes.pem");
    }
}
