package dev.haul.store;

import java.util.concurrent.CompletionException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Short, credential-free descriptions of what S3 answered, for reports and logs. */
public final class S3Errors {

    private S3Errors() {}

    /**
     * Whether S3 said the key does not exist. Without s3:ListBucket (the deployed roles have none), S3 answers 403
     * rather than 404 for a missing key, so both count.
     */
    public static boolean isMissing(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof software.amazon.awssdk.services.s3.model.S3Exception s3e
                && (s3e.statusCode() == 404 || s3e.statusCode() == 403);
    }

    /**
     * Whether S3 refused a conditional write because its condition no longer held (412), or because another
     * conditional write to the same key was in progress (409 ConditionalRequestConflict).
     */
    public static boolean isConditionFailed(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return e instanceof software.amazon.awssdk.services.s3.model.S3Exception s3e
                && (s3e.statusCode() == 412 || s3e.statusCode() == 409);
    }

    public static String describe(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.statusCode() + " " + aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails()
                    .errorMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
