package dev.haul.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTemplateTest {

    private final KeyTemplate template = new KeyTemplate("{prefix}/{host}/{path}");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://Example.org/data/a.csv           | in/example.org/data/a.csv
            http://example.org:8080/a.csv            | in/example.org_8080/a.csv
            https://example.org/                     | in/example.org/index
            https://example.org                      | in/example.org/index
            https://example.org/dir/                 | in/example.org/dir/index
            https://example.org/a%20b/c%2Fd.txt      | in/example.org/a%20b/c%2Fd.txt
            https://example.org/../../etc/passwd     | in/example.org/%2E%2E/%2E%2E/etc/passwd
            https://example.org/./x                  | in/example.org/%2E/x
            https://example.org/caf%C3%A9.txt        | in/example.org/caf%C3%A9.txt
            https://[2001:db8::1]/x                  | in/2001-db8--1/x
            """)
    void urls_becomeSafeKeys(String url, String key) {
        assertThat(template.keyFor(URI.create(url), "in", "b1")).isEqualTo(key);
    }

    @Test
    void queryString_isHashedIntoTheFileName_keepingTheExtension() {
        String one = template.keyFor(URI.create("https://example.org/report.csv?day=1"), "in", "b1");
        String two = template.keyFor(URI.create("https://example.org/report.csv?day=2"), "in", "b1");

        assertThat(one).matches("in/example\\.org/report_q-[0-9a-f]{16}\\.csv");
        assertThat(two).isNotEqualTo(one);
    }

    @Test
    void distinctUrls_getDistinctKeys() {
        List<String> urls = List.of("https://a.org/x", "https://a.org:8443/x", "https://b.org/x", "https://a.org/x/",
                "https://a.org/x?", "https://a.org/x?q", "https://a.org/X", "https://a.org/x.y", "https://a.org/x/y");
        Set<String> keys = new HashSet<>();
        urls.forEach(url -> keys.add(template.keyFor(URI.create(url), "p", "b")));
        assertThat(keys).hasSameSizeAs(urls);
    }

    @Test
    void emptyPrefix_leavesNoLeadingSlash() {
        assertThat(template.keyFor(URI.create("https://example.org/a"), "", "b1")).isEqualTo("example.org/a");
    }

    @Test
    void batchIdPlaceholder_isFilledIn() {
        KeyTemplate perBatch = new KeyTemplate("{batchId}/{host}/{path}");
        assertThat(perBatch.keyFor(URI.create("https://example.org/a"), "", "b1")).isEqualTo("b1/example.org/a");
    }

    @Test
    void templateWithoutPath_orWithUnknownPlaceholder_isRefused() {
        assertThatThrownBy(() -> new KeyTemplate("{prefix}/{host}")).hasMessageContaining("{path}");
        assertThatThrownBy(() -> new KeyTemplate("{prefix}/{file}/{path}")).hasMessageContaining("{file}");
    }
}
