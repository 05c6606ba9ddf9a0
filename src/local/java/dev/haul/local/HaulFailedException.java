package dev.haul.local;

import java.io.IOException;

/** Haul stopped without answering its invocation; the message carries its exit code and last log lines. */
final class HaulFailedException extends IOException {
    HaulFailedException(String message) {
        super(message);
    }
}
