package dev.haul.fetch;

import java.net.URI;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.ws.rs.core.MultivaluedMap;

import io.smallrye.mutiny.Multi;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * A 2xx response whose body has not been read yet. {@code body} streams with backpressure and fails with a
 * {@link TransferException} on a timeout or a broken connection; {@code url} is the last hop after redirects;
 * {@code headers} are looked up without regard to case. A caller that will not read the body runs {@code abandon},
 * which closes the connection instead of leaving it to wait for a reader.
 */
public record OriginResponse(URI url, int status, MultivaluedMap<String, String> headers, Multi<Buffer> body,
        Runnable abandon) {

    public OptionalLong contentLength() {
        return ContentLength.parse(headers.getFirst("Content-Length"));
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.getFirst(name));
    }
}
