package dev.haul.local;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What became of one invocation, as the Runtime API saw it. */
public sealed interface RuntimeOutcome {

    /** The body posted to {@code /invocation/{id}/response}, byte for byte. */
    record Response(byte[] body) implements RuntimeOutcome {}

    /**
     * An error posted to {@code /invocation/{id}/error} or {@code /init/error}; {@code path} says which, {@code body}
     * is the runtime's error document ({@code errorType}, {@code errorMessage}).
     */
    record FunctionError(String path, byte[] body) implements RuntimeOutcome {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** No answer by the invocation's deadline: on Lambda, "Task timed out after N seconds", and the end of it. */
    record TimedOut(Duration budget) implements RuntimeOutcome {}
}
