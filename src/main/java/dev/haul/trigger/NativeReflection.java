package dev.haul.trigger;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Types from aws-lambda-java-events that Jackson serialises as handler answers. Quarkus cannot see that from the
 * code (the handler writes {@code Object}), so the native image is told here to keep their getters.
 */
@RegisterForReflection(targets = {APIGatewayV2HTTPResponse.class, SQSBatchResponse.class,
        SQSBatchResponse.BatchItemFailure.class})
final class NativeReflection {

    private NativeReflection() {}
}
