package dev.haul.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What became of one URL. */
public enum ItemStatus {
    /** The body is in S3, byte-exact with what the origin sent. */
    STORED,
    /** Nothing was stored; the failure says why. */
    FAILED,
    /** Conditional refetch: the origin answered 304, so the stored object was left as it is. */
    UNCHANGED,
    /** The URL policy refused the URL (or a redirect from it); no request was made to the refused address. */
    BLOCKED;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
