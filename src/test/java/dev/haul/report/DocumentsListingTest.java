package dev.haul.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.haul.support.TestServers;

/**
 * A listing goes on past the first page: a batch's status and its completion count every finished part, and a batch
 * of more than a thousand parts lists more than one page. Pages of two keys here, against S3Mock.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class DocumentsListingTest {

    @Inject
    Documents documents;

    @Test
    void aListingOfSeveralPages_returnsEveryKeyOnce_andOnlyUnderItsPrefix() {
        List<String> keys = IntStream.range(0, 5).mapToObj(i -> "manifests/listing/finished/%05d".formatted(i))
                .toList();
        keys.forEach(key -> documents.putMarker(key).await().indefinitely());
        documents.putMarker("manifests/listing/started/00001").await().indefinitely();

        List<String> listed = documents.list("manifests/listing/finished/", 2).collect().asList().await()
                .indefinitely();

        assertThat(listed).containsExactlyElementsOf(keys);
    }
}
