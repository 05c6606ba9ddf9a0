package dev.haul.store;

import dev.haul.fetch.FetchException;
import dev.haul.report.FailureKind;

/** S3 refused or failed an upload; the message says which call and what S3 answered. */
public class StoreException extends FetchException {

    public StoreException(String message, Throwable cause) {
        super(FailureKind.STORE, message, null, cause);
    }
}
