package dev.haul.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The README's dev-loop examples run offline: every URL in {@code events/local} is served by the local origin the
 * README starts ({@code python3 -m http.server 8000 --directory events/files}), and each event is valid JSON.
 */
class LocalExampleEventsTest {

    private static final Pattern URL = Pattern.compile("https?://[^\"\\\\\\s]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyLocalExample_fetchesOnlyFilesTheLocalOriginServes() throws IOException {
        List<Path> events;
        try (Stream<Path> files = Files.list(Path.of("events/local"))) {
            events = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(events).hasSize(4);
        for (Path event : events) {
            String text = Files.readString(event);
            JSON.readTree(text);
            Matcher urls = URL.matcher(text);
            int found = 0;
            while (urls.find()) {
                URI url = URI.create(urls.group());
                if (url.getHost().equals("127.0.0.1") && url.getPort() == 8000) {
                    found++;
                    assertThat(Path.of("events/files" + url.getPath())).as(event + " " + url).isRegularFile();
                } else {
                    assertThat(url.getHost()).as(event + " fetches from elsewhere").isNotEqualTo("example.org");
                }
            }
            assertThat(found).as(event + " fetches nothing").isPositive();
        }
    }
}
