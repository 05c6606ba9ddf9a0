package dev.haul.batch;

/**
 * A document from outside that is not one well-formed JSON value within Haul's limits: invalid UTF-8, a syntax error,
 * trailing content, a duplicate key, nesting or a value past a limit. {@code tooLarge} when the document as a whole is
 * over the size limit (HTTP 413 rather than 400).
 */
public class InvalidJsonException extends RuntimeException {

    private final boolean tooLarge;

    InvalidJsonException(String message, boolean tooLarge) {
        super(message, null, false, false);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
