package dev.haul.store;

import java.util.concurrent.CompletionException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Short, credential-free descriptions of what S3 answered, for reports and logs. */
final class S3Errors {

    private S3Errors() {}

    static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.statusCode() + " " + aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
