package dev.haul.fetch;

import java.io.InputStream;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;

import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestResponse;

import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;

/**
 * The one HTTP client Haul fetches origins with: a Quarkus REST Client interface, called with the URL of each hop
 * and the headers for it.
 *
 * <p>{@code Uni<RestResponse<InputStream>>} is the return type because, in Quarkus 3.33, it is the only one that
 * completes on the response head (status and headers, before any body byte is taken) and then streams the body
 * with backpressure, error bodies included. The body is read with blocking reads, on {@link BodyStream}'s workers.
 * Redirects are never followed here ({@code follow-redirects} stays off): {@link Fetcher} follows each hop itself,
 * so that the URL policy sees it.
 */
public interface OriginClient {

    @GET
    Uni<RestResponse<InputStream>> get(@Url String url, @RestHeader Map<String, String> headers);

    @HEAD
    Uni<RestResponse<InputStream>> head(@Url String url, @RestHeader Map<String, String> headers);
}
