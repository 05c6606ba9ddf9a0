package dev.haul.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import dev.haul.config.HaulConfig;
import dev.haul.model.FetchItem;
import dev.haul.model.RejectedLine;
import dev.haul.store.S3Errors;

/**
 * Reads a URL list stored in S3 ({@code s3://bucket/key}) as a stream ({@link ListReader}): text with one URL per line,
 * CSV with a header row, JSON Lines, or a batch JSON (read as strictly as an event, see {@link JsonInput}), gzip
 * compressed or not. Returns a batch JSON as a document for the parser, and the other formats as the items and
 * rejected lines the reader made of them, which need no second parse.
 *
 * <p>A line that is not a valid item is carried along as a {@link RejectedLine}, reported with the
 * batch, and the rest of the list runs: a list is data from elsewhere, and one bad line must not sink a nightly run.
 * A list with no valid item at all, or with more bad lines than a batch may have items, is refused. Reading stops one
 * item past the batch limit, so a list far too long for one batch costs no more memory than one that fits.
 */
@ApplicationScoped
public class UrlListLoader {

    /** A batch JSON is read whole: this bounds the memory it can take. Streamed formats have no such limit. */
    static final int MAX_LIST_BYTES = 8 * 1024 * 1024;
    /** 512 Mi characters: far more than a batch's items take, and read in seconds. */
    private static final ListReader.Limits LIMITS = new ListReader.Limits(MAX_LIST_BYTES, 512L * 1024 * 1024);

    private final S3AsyncClient s3;
    private final ObjectMapper json;
    private final ItemParser items;
    private final int maxItems;
    private final JsonInput lists = new JsonInput(MAX_LIST_BYTES);

    public UrlListLoader(S3AsyncClient s3, ObjectMapper json, HaulConfig config) {
        this.s3 = s3;
        this.json = json;
        this.items = new ItemParser(config.fetch().allowedHeaders());
        this.maxItems = config.batch().maxItems();
    }

    /** Reads the list at {@code manifestUrl}, on a worker thread: the object's body is read with blocking reads. */
    Uni<LoadedList> load(String manifestUrl, String field) {
        URI uri = parse(manifestUrl, field);
        String bucket = uri.getHost();
        String key = uri.getPath().substring(1);
        return Uni.createFrom().completionStage(() -> s3.getObject(r -> r.bucket(bucket).key(key),
                AsyncResponseTransformer.<GetObjectResponse>toBlockingInputStream()))
                .onFailure().transform(e -> unreadable(manifestUrl, field, e))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(body -> {
                    try (ResponseInputStream<GetObjectResponse> in = body) {
                        return toBatch(in, manifestUrl, field, new LoadedList.TooLong(bucket, key,
                                in.response().eTag()));
                    } catch (IOException | UncheckedIOException e) {
                        throw unreadable(manifestUrl, field, e);
                    }
                });
    }

    /**
     * Reads a long list once more, from its start, as {@code reading} consumes it on a worker thread; S3 refuses the
     * read (412) if the object is no longer the version first read.
     */
    <T> Uni<T> stream(LongList list, ListReader.Limits limits, ListReading<T> reading) {
        return Uni.createFrom().completionStage(() -> s3.getObject(r -> r.bucket(list.bucket()).key(list.key())
                .ifMatch(list.eTag()), AsyncResponseTransformer.<GetObjectResponse>toBlockingInputStream()))
                .onFailure().transform(e -> S3Errors.isConditionFailed(e)
                        ? new InvalidBatchException("manifestUrl", list.manifestUrl() + " changed while it was "
                                + "read; submit it again")
                        : unreadable(list.manifestUrl(), "manifestUrl", e))
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(body -> {
                    try (ResponseInputStream<GetObjectResponse> in = body;
                            ListReader reader = ListReader.open(in, list.manifestUrl(), "manifestUrl", items, json,
                                    limits)) {
                        return reading.read(reader);
                    } catch (IOException | UncheckedIOException e) {
                        throw unreadable(list.manifestUrl(), "manifestUrl", e);
                    }
                });
    }

    /** What is done with a list's lines as they are read. */
    @FunctionalInterface
    interface ListReading<T> {
        T read(ListReader list) throws IOException;
    }

    private static InvalidBatchException unreadable(String manifestUrl, String field, Throwable e) {
        return e instanceof InvalidBatchException invalid
                ? invalid
                : new InvalidBatchException(field, "could not read " + manifestUrl + ": " + S3Errors.describe(e));
    }

    private LoadedList toBatch(InputStream in, String manifestUrl, String field, LoadedList.TooLong tooLong)
            throws IOException {
        try (ListReader list = ListReader.open(in, manifestUrl, field, items, json, LIMITS)) {
            if (list.format() == ListFormat.BATCH_JSON) {
                if (list.batchDocument(lists) instanceof ObjectNode object) {
                    return new LoadedList.Document(object);
                }
                throw new InvalidBatchException(field, manifestUrl + " is JSON but not a batch object");
            }
            List<FetchItem> listed = new ArrayList<>();
            List<RejectedLine> rejectedLines = new ArrayList<>();
            // One past the limit is enough to know the list is too long to load; it is then read again, streamed.
            while (list.hasNext() && listed.size() <= maxItems) {
                ListEntry entry = list.next();
                if (entry instanceof ListEntry.Item item) {
                    listed.add(item.item());
                    continue;
                }
                ListEntry.Rejected rejected = (ListEntry.Rejected) entry;
                if (rejectedLines.size() == maxItems) {
                    throw new InvalidBatchException(field, manifestUrl + " has more than " + maxItems
                            + " lines that are not items (the first: " + firstRejected(rejectedLines) + ")");
                }
                rejectedLines.add(new RejectedLine(rejected.line(), rejected.problem()));
            }
            if (listed.size() > maxItems) {
                return tooLong;
            }
            if (listed.isEmpty()) {
                throw new InvalidBatchException(field, manifestUrl + (rejectedLines.isEmpty()
                        ? " holds no item"
                        : " holds no valid item (" + firstRejected(rejectedLines) + ")"));
            }
            return new LoadedList.Listed(listed, rejectedLines);
        }
    }

    private static String firstRejected(List<RejectedLine> rejectedLines) {
        RejectedLine first = rejectedLines.get(0);
        return "line " + first.line() + ": " + first.problem();
    }

    private static URI parse(String manifestUrl, String field) {
        try {
            URI uri = URI.create(manifestUrl);
            if ("s3".equals(uri.getScheme()) && uri.getHost() != null && uri.getPath() != null
                    && uri.getPath().length() > 1) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // Reported below with the expected form.
        }
        throw new InvalidBatchException(field, "must be an S3 URL of the form s3://bucket/key");
    }
}
