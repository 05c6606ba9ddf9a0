package dev.haul.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.haul.config.HaulConfig;

/**
 * Reads JSON that comes from outside (events, request bodies, queue messages, URL lists) as exactly one document
 * within limits, or refuses it with an {@link InvalidJsonException} saying why. Lenient parsing is how a batch means
 * something other than what its author saw: of two concatenated documents a lenient reader keeps the first, of two
 * equal keys the last. So: strict UTF-8, no trailing content, no duplicate keys, and bounds on size, nesting and the
 * length of numbers and strings, all checked before the tree is built.
 */
@ApplicationScoped
public class JsonInput {

    /** A batch is five levels deep; an AWS event wraps it in a few more (the API's body is a string of its own). */
    static final int MAX_DEPTH = 32;
    /** Longer than any byte count or port; a number of a thousand digits is an attack on the parser, not data. */
    static final int MAX_NUMBER_LENGTH = 32;

    private final ObjectMapper mapper;
    private final long maxBytes;

    @Inject
    public JsonInput(HaulConfig config) {
        this(config.batch().maxEventSize().asLongValue());
    }

    JsonInput(long maxBytes) {
        this.maxBytes = maxBytes;
        int maxString = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(maxString)
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    }

    /** Reads at most {@link #maxBytes} (one more tells that there was more) and parses them. */
    public JsonNode read(InputStream input, String what) {
        byte[] bytes;
        try {
            bytes = input.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw new InvalidJsonException(what + " could not be read", false);
        }
        return read(bytes, what);
    }

    /** Parses {@code bytes}, which must be one JSON document in UTF-8. {@code what} names it: "the event". */
    public JsonNode read(byte[] bytes, String what) {
        if (bytes.length > maxBytes) {
            throw new InvalidJsonException(what + " is larger than the limit of " + maxBytes + " bytes", true);
        }
        if (Utf8.decode(bytes) instanceof Utf8.Decoded.Malformed malformed) {
            throw new InvalidJsonException(what + " is not valid UTF-8 (at byte " + malformed.byteOffset() + ")",
                    false);
        }
        if (isBlank(bytes)) {
            throw new InvalidJsonException(what + " is empty", false);
        }
        try {
            return mapper.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException(what + " is not valid JSON: " + reason(e), false);
        } catch (IOException e) {
            throw new InvalidJsonException(what + " could not be read", false);
        }
    }

    /** Parses text that arrived inside another document (a queue message's body, an API body that is not base64). */
    public JsonNode read(String text, String what) {
        return read(utf8(text, what), what);
    }

    /**
     * The UTF-8 bytes of {@code text}, refused when it holds a lone surrogate ({@code "\ud800"} in the outer JSON),
     * which Java would silently turn into '?'.
     */
    public static byte[] utf8(String text, String what) {
        Utf8.loneSurrogate(text).ifPresent(at -> {
            throw new InvalidJsonException(what + " is not valid Unicode (a lone surrogate at character " + at + ")",
                    false);
        });
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** Jackson's own words, without the name of its internal setting, and with the place when it knows one. */
    private static String reason(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        message = message.replaceAll(",? ?\\(?from `[^`]*`\\)?", "").replaceAll("\\s+", " ").strip();
        JsonLocation at = e.getLocation();
        if (at == null || at.getLineNr() < 0) {
            return message;
        }
        return message + " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
}
