package dev.haul.store;

import java.util.concurrent.CompletionException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Short, credential-free descriptions of what S3 answered, for reports and logs. */
public final class S3Errors {

    private S3Errors() {}

    /**
     * Whether S3 said the key does not exist. Without s3:ListBucket (the deployed roles have none), S3 answers 403
     * rather than 404 for a missing key, so both count.
     */
    public static boolean isMissing(Throwable error) {
        return hasStatus(error, 404, 403);
    }

    /**
     * Whether S3 refused a conditional write because its condition no longer held (412), or because another
     * conditional write to the same key was in progress (409 ConditionalRequestConflict).
     */
    public static boolean isConditionFailed(Throwable error) {
        return hasStatus(error, 412, 409);
    }

    /**
     * Whether S3 refused a conditional write because the key exists (412) — not a conflict with another write in
     * progress (409), whose outcome is not known yet.
     */
    public static boolean isPreconditionFailed(Throwable error) {
        return hasStatus(error, 412);
    }

    public static String describe(Throwable error) {
        Throwable e = unwrapped(error);
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.statusCode() + " " + aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails()
                    .errorMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static boolean hasStatus(Throwable error, int... statuses) {
        if (unwrapped(error) instanceof S3Exception s3e) {
            for (int status : statuses) {
                if (s3e.statusCode() == status) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What S3 said, out of the CompletionException the async client wraps it in. */
    private static Throwable unwrapped(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
