package dev.haul.fetch;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * A 2xx response whose body has not been read yet. {@code body} streams with backpressure and fails with a
 * {@link TransferException} on a timeout or a broken connection; {@code url} is the last hop after redirects.
 */
public record OriginResponse(URI url, int status, MultiMap headers, Multi<Buffer> body) {

    public OptionalLong contentLength() {
        return ContentLength.parse(headers.get("Content-Length"));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }
}
