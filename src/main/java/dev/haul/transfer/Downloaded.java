package dev.haul.transfer;

import dev.haul.model.TransferException;

/** How a URL's download ended, after all its tries: the value the transfer goes on with. */
sealed interface Downloaded {

    /** Tries made, the first included. */
    int attempts();

    /** Conditional refetch: the origin answered 304, the stored object stays as it is. */
    record Unchanged(int attempts) implements Downloaded {}

    /** The whole body is spooled and its parts are on their way to S3; {@code body} still has to be completed. */
    record Spooled(SpooledBody body, int attempts) implements Downloaded {}

    /** No try succeeded; nothing of the body is left on disk or in S3. {@code lastStatus}: the origin's last answer. */
    record Failed(TransferException failure, int attempts, Integer lastStatus) implements Downloaded {}
}
