package dev.haul.local;

import java.nio.charset.StandardCharsets;

/** What the function told the Runtime API about its one invocation: a response, or an error it reported. */
sealed interface RuntimeOutcome {

    /** The body posted to {@code /invocation/{id}/response}, byte for byte. */
    record Response(byte[] body) implements RuntimeOutcome {}

    /**
     * An error posted to {@code /invocation/{id}/error} or {@code /init/error}; {@code path} says which, {@code body}
     * is the runtime's error document ({@code errorType}, {@code errorMessage}).
     */
    record FunctionError(String path, byte[] body) implements RuntimeOutcome {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
