package dev.haul.transfer;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * What {@link SnapshotPriming} sends its bodies from and to: one HTTP server on 127.0.0.1 with a free port that is
 * an origin ({@code GET /body/<bytes>} answers that many bytes) and the handful of S3 calls a transfer makes
 * (PutObject, CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload; HeadObject finds
 * nothing). It keeps nothing: a body is read, its MD5 returned as the ETag, and dropped. Nothing of the account's
 * is touched, so priming may run wherever a snapshot is taken.
 */
final class PrimingStandIn implements AutoCloseable {

    private static final String S3_NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final HttpServer server;

    private PrimingStandIn(Vertx vertx) {
        // The SDK asks "Expect: 100-continue" before an upload's body, as S3 expects; it waits for the 100.
        this.server = vertx.createHttpServer(new HttpServerOptions().setHandle100ContinueAutomatically(true))
                .requestHandler(this::handle);
    }

    static PrimingStandIn start(Vertx vertx) {
        PrimingStandIn standIn = new PrimingStandIn(vertx);
        standIn.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
        return standIn;
    }

    URI origin(long bytes) {
        return URI.create("http://127.0.0.1:" + server.actualPort() + "/body/" + bytes);
    }

    URI s3Endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    @Override
    public void close() {
        server.close().toCompletionStage().toCompletableFuture().join();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (request.method() == HttpMethod.GET && path.startsWith("/body/")) {
            int bytes = Integer.parseInt(path.substring("/body/".length()));
            request.response().putHeader("Content-Type", "application/octet-stream")
                    .end(Buffer.buffer(new byte[bytes]));
            return;
        }
        request.body().onSuccess(body -> answerS3(request, body))
                .onFailure(e -> request.response().setStatusCode(500).end());
    }

    private void answerS3(HttpServerRequest request, Buffer body) {
        String uploadId = request.getParam("uploadId");
        String key = request.path();
        var response = request.response();
        if (request.method() == HttpMethod.HEAD) {
            response.setStatusCode(404).end();
        } else if (request.method() == HttpMethod.POST && request.params().contains("uploads")) {
            response.putHeader("Content-Type", "application/xml").end("<InitiateMultipartUploadResult xmlns=\""
                    + S3_NS + "\"><Key>" + key + "</Key><UploadId>priming</UploadId></InitiateMultipartUploadResult>");
        } else if (request.method() == HttpMethod.POST && uploadId != null) {
            response.putHeader("Content-Type", "application/xml").end("<CompleteMultipartUploadResult xmlns=\""
                    + S3_NS + "\"><Key>" + key + "</Key><ETag>\"" + md5(body) + "-2\"</ETag>"
                    + "</CompleteMultipartUploadResult>");
        } else if (request.method() == HttpMethod.PUT) {
            response.putHeader("ETag", "\"" + md5(body) + "\"").end();
        } else if (request.method() == HttpMethod.DELETE) {
            response.setStatusCode(204).end();
        } else {
            response.setStatusCode(400).end();
        }
    }

    private static String md5(Buffer body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}
