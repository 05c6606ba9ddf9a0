package dev.haul.local;

/** The command line or its URL list cannot be used as given; the message says why in one line. */
final class UsageException extends Exception {
    UsageException(String message) {
        super(message);
    }
}
