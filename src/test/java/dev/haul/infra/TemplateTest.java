package dev.haul.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.haul.infra.PolicyStatements.Statement;

/** Reads infra/template.yaml offline and checks what it promises: private storage, a safe queue, least privilege. */
class TemplateTest {

    private static final Map<String, String> DEFAULTS = Map.of();
    private static final String DATA_OBJECTS = "arn:${AWS::Partition}:s3:::${HaulBucket}/${DataPrefix}/*";
    private static final String MANIFEST_OBJECTS = "arn:${AWS::Partition}:s3:::${HaulBucket}/${ManifestPrefix}/*";
    private static final Set<String> DATA_ACTIONS = Set.of("s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload",
            "s3:ListMultipartUploadParts");
    private static final Map<String, String> ROLE_OF_FUNCTION = Map.of("ApiFunction", "ApiFunctionRole",
            "WorkerFunction", "WorkerFunctionRole");

    private final CfnTemplate template = CfnTemplate.load();

    @Test
    void template_usesSamTransform_andOnlyLongFormIntrinsics() throws IOException {
        assertThat(template.root().path("Transform").asText()).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(Pattern.compile(
                "(?m)(^|[\\s\\[{,:-])!(Sub|Ref|GetAtt|If|Equals|Not|And|Or|FindInMap|Join|Select|Split"
                        + "|Base64|Condition|ImportValue|GetAZs|Cidr)\\b").matcher(Files.readString(CfnTemplate.FILE))
                .find())
                .as("short-form intrinsic tag in the template").isFalse();
    }

    @Test
    void bucket_isEncrypted_private_ownerEnforced_andAbortsStaleUploadsAfterOneDay() {
        JsonNode bucket = template.properties("HaulBucket");
        assertThat(bucket.at(
                "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/SSEAlgorithm")
                .asText()).isIn("AES256", "aws:kms");
        JsonNode block = bucket.path("PublicAccessBlockConfiguration");
        for (String flag : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls",
                "RestrictPublicBuckets")) {
            assertThat(block.path(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(bucket.at("/OwnershipControls/Rules/0/ObjectOwnership").asText()).isEqualTo("BucketOwnerEnforced");
        assertThat(bucket.at("/VersioningConfiguration/Status/Ref").asText()).isEqualTo("BucketVersioning");
        assertThat(bucket.at("/LifecycleConfiguration/Rules").findValues("AbortIncompleteMultipartUpload"))
                .singleElement().satisfies(rule -> assertThat(rule.path("DaysAfterInitiation").asInt()).isEqualTo(1));
        assertThat(template.resource("HaulBucket").path("DeletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void bucketPolicy_deniesEveryRequestWithoutTls() {
        JsonNode policy = template.properties("HaulBucketPolicy");
        assertThat(policy.at("/Bucket/Ref").asText()).isEqualTo("HaulBucket");
        JsonNode deny = policy.at("/PolicyDocument/Statement/0");
        assertThat(deny.path("Effect").asText()).isEqualTo("Deny");
        assertThat(deny.path("Principal").asText()).isEqualTo("*");
        assertThat(deny.path("Action").asText()).isEqualTo("s3:*");
        assertThat(PolicyStatements.texts(deny.path("Resource"))).containsExactlyInAnyOrder("${HaulBucket.Arn}",
                "${HaulBucket.Arn}/*");
        assertThat(deny.at("/Condition/Bool/aws:SecureTransport").asText()).isEqualTo("false");
    }

    @Test
    void queue_isEncrypted_andMovesAMessageToTheEncryptedDeadLetterQueueAfterTheReceiveLimitTheWorkerKnows() {
        JsonNode queue = template.properties("BatchQueue");
        assertThat(queue.path("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(template.properties("BatchDeadLetterQueue").path("SqsManagedSseEnabled").asBoolean()).isTrue();
        assertThat(queue.at("/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0").asText()).isEqualTo(
                "BatchDeadLetterQueue");
        assertThat(queue.at("/RedrivePolicy/maxReceiveCount/Ref").asText()).isEqualTo("QueueReceiveLimit");
        assertThat(template.root().at("/Parameters/QueueReceiveLimit/Default").asInt()).isEqualTo(3);
        assertThat(template.function("WorkerFunction").at("/Environment/Variables/HAUL_QUEUE_MAX_RECEIVE_COUNT/Ref")
                .asText()).as("so that the worker knows which delivery is the last").isEqualTo("QueueReceiveLimit");
    }

    @Test
    void queueVisibility_isAtLeastSixTimesTheWorkerTimeout_forEveryAllowedTimeout() {
        JsonNode visibility = template.properties("BatchQueue").path("VisibilityTimeout").path("Fn::FindInMap");
        assertThat(visibility.get(1).path("Ref").asText()).isEqualTo("Timeout");
        assertThat(template.function("WorkerFunction").at("/Timeout/Ref").asText()).isEqualTo("Timeout");
        JsonNode timeout = template.root().at("/Parameters/Timeout");
        assertThat(timeout.path("Default").asInt()).isEqualTo(900);
        assertThat(timeout.path("AllowedValues")).isNotEmpty();
        for (JsonNode allowed : timeout.path("AllowedValues")) {
            JsonNode seconds = template.root().path("Mappings").path(visibility.get(0).asText())
                    .path(allowed.asText()).path(visibility.get(2).asText());
            assertThat(seconds.asInt()).as("visibility timeout for a %ss worker", allowed.asText())
                    .isGreaterThanOrEqualTo(6 * allowed.asInt()).isLessThanOrEqualTo(43_200);
        }
    }

    @Test
    void worker_consumesTheQueue_reportingItemFailures_withBatchSizeAndConcurrencyFromParameters() {
        JsonNode worker = template.function("WorkerFunction");
        JsonNode sqs = worker.at("/Events/Batches/Properties");
        assertThat(worker.at("/Events/Batches/Type").asText()).isEqualTo("SQS");
        assertThat(sqs.at("/Queue/Fn::GetAtt/0").asText()).isEqualTo("BatchQueue");
        assertThat(PolicyStatements.texts(sqs.path("FunctionResponseTypes"))).containsExactly(
                "ReportBatchItemFailures");
        assertThat(sqs.at("/BatchSize/Ref").asText()).isEqualTo("QueueBatchSize");
        assertThat(sqs.at("/ScalingConfig/MaximumConcurrency/Ref").asText()).isEqualTo("QueueMaxConcurrency");
        assertThat(template.resolve(worker.path("ReservedConcurrentExecutions"), template.parameters(DEFAULTS))
                .asText())
                .isEqualTo("10");
        assertThat(template.resolve(worker, template.parameters(Map.of("ReservedConcurrency", "0"))).has(
                "ReservedConcurrentExecutions"))
                .as("0 leaves the worker unreserved").isFalse();
    }

    @Test
    void functions_shareOneArtifact_withTheirTimeouts_andRuntimeAndSnapStartChosenByParameters() {
        assertThat(template.function("ApiFunction").path("Timeout").asInt()).isEqualTo(29);
        for (String function : ROLE_OF_FUNCTION.keySet()) {
            JsonNode nativeFn = template.resolve(template.function(function), template.parameters(DEFAULTS));
            assertThat(nativeFn.path("CodeUri").asText()).isEqualTo("../target/function.zip");
            assertThat(nativeFn.path("Runtime").asText()).isEqualTo("provided.al2023");
            assertThat(nativeFn.path("Handler").asText()).isEqualTo("not.used.in.provided.runtime");
            assertThat(nativeFn.at("/SnapStart/ApplyOn").asText()).isEqualTo("None");
            assertThat(template.resolve(template.function(function), template.parameters(Map.of("EphemeralStorageSize",
                    "512")))
                    .at("/SnapStart/ApplyOn").asText()).isEqualTo("None");
            assertThat(nativeFn.at("/Environment/Variables/DISABLE_SIGNAL_HANDLERS").asText()).isEqualTo("true");

            JsonNode jvmFn = template.resolve(template.function(function), template.parameters(Map.of("Runtime",
                    "jvm")));
            assertThat(jvmFn.path("Runtime").asText()).isEqualTo("java21");
            assertThat(jvmFn.path("Handler").asText())
                    .isEqualTo("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest");
            assertThat(jvmFn.path("AutoPublishAlias").asText()).isNotBlank();
            assertThat(jvmFn.at("/Environment/Variables").has("DISABLE_SIGNAL_HANDLERS")).isFalse();
            assertThat(jvmFn.at("/SnapStart/ApplyOn").asText()).as("SnapStart refuses /tmp above 512 MiB").isEqualTo(
                    "None");
            JsonNode snapStarted = template.resolve(template.function(function),
                    template.parameters(Map.of("Runtime", "jvm", "EphemeralStorageSize", "512")));
            assertThat(snapStarted.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
            assertThat(nativeFn.at("/Environment/Variables").has("JAVA_TOOL_OPTIONS")).as("no JVM options natively")
                    .isFalse();
        }
    }

    @Test
    void onTheJvm_theApiRunsOnC1Alone_andTheWorkerOnTheJitItsParameterNames() {
        Map<String, String> jvm = template.parameters(Map.of("Runtime", "jvm"));
        String c1 = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
        assertThat(template.resolve(template.function("ApiFunction"), jvm).at(
                "/Environment/Variables/JAVA_TOOL_OPTIONS")
                .asText()).isEqualTo(c1);
        assertThat(template.resolve(template.function("WorkerFunction"), jvm).at("/Environment/Variables").has(
                "JAVA_TOOL_OPTIONS")).as("tiered, the default").isFalse();
        assertThat(template.resolve(template.function("WorkerFunction"), template.parameters(Map.of("Runtime", "jvm",
                "WorkerJit", "c1"))).at("/Environment/Variables/JAVA_TOOL_OPTIONS").asText()).isEqualTo(c1);
        assertThat(template.resolve(template.function("WorkerFunction"), template.parameters(Map.of("WorkerJit",
                "c1"))).at("/Environment/Variables").has("JAVA_TOOL_OPTIONS")).as("native ignores it").isFalse();
    }

    @Test
    void functions_areToldWhereToStoreAndQueue() {
        for (String function : ROLE_OF_FUNCTION.keySet()) {
            JsonNode env = template.function(function).at("/Environment/Variables");
            assertThat(env.path("QUARKUS_LAMBDA_HANDLER").asText()).isEqualTo("haul");
            assertThat(env.at("/HAUL_STORE_BUCKET/Ref").asText()).isEqualTo("HaulBucket");
            assertThat(env.at("/HAUL_STORE_PREFIX/Ref").asText()).isEqualTo("DataPrefix");
            assertThat(env.at("/HAUL_STORE_MANIFEST_PREFIX/Ref").asText()).isEqualTo("ManifestPrefix");
            assertThat(env.at("/HAUL_QUEUE_URL/Ref").asText()).isEqualTo("BatchQueue");
        }
    }

    @Test
    void httpApi_requiresSigV4OnEveryRouteByDefault_andAJwtWhenAskedTo() {
        JsonNode api = template.properties("HttpApi");
        assertThat(template.resource("HttpApi").path("Type").asText()).isEqualTo("AWS::Serverless::HttpApi");
        JsonNode iam = template.resolve(api.path("DefinitionBody"), template.parameters(DEFAULTS));
        assertThat(routes(iam)).containsExactlyInAnyOrder("POST /batches", "GET /batches/{batchId}",
                "POST /batches/{batchId}/retry");
        assertEveryRouteUses(iam, "HaulIam");
        assertThat(iam.at("/components/securitySchemes/HaulIam/x-amazon-apigateway-authtype").asText()).isEqualTo(
                "awsSigv4");

        JsonNode jwt = template.resolve(api.path("DefinitionBody"), template.parameters(
                Map.of("ApiAuth", "JWT", "JwtIssuer", "https://issuer.test", "JwtAudience", "haul")));
        assertEveryRouteUses(jwt, "HaulJwt");
        JsonNode authorizer = jwt.at("/components/securitySchemes/HaulJwt/x-amazon-apigateway-authorizer");
        assertThat(authorizer.path("type").asText()).isEqualTo("jwt");
        assertThat(authorizer.at("/jwtConfiguration/issuer").asText()).isEqualTo("https://issuer.test");
        assertThat(authorizer.at("/jwtConfiguration/audience/0").asText()).isEqualTo("haul");
    }

    @Test
    void httpApi_isThrottled_andLogsAccessToARetainedLogGroup() {
        JsonNode api = template.properties("HttpApi");
        assertThat(api.at("/DefaultRouteSettings/ThrottlingBurstLimit/Ref").asText()).isNotBlank();
        assertThat(api.at("/DefaultRouteSettings/ThrottlingRateLimit/Ref").asText()).isNotBlank();
        assertThat(api.at("/AccessLogSettings/DestinationArn/Fn::GetAtt/0").asText()).isEqualTo(
                "HttpApiAccessLogGroup");
        assertThat(template.properties("ApiSubmitPermission").at("/FunctionName/Ref").asText()).isEqualTo(
                "ApiFunction.Alias");
    }

    @Test
    void everyRoute_mayInvokeTheApiFunction_throughAPermissionForExactlyThatRoute() {
        List<String> allowed = template.resourcesOfType("AWS::Lambda::Permission").stream()
                .map(template::properties)
                .filter(permission -> permission.path("Principal").asText().equals("apigateway.amazonaws.com"))
                .peek(permission -> assertThat(permission.at("/FunctionName/Ref").asText()).isEqualTo(
                        "ApiFunction.Alias"))
                .map(permission -> permission.at("/SourceArn/Fn::Sub").asText()
                        .replace("arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${HttpApi}/*/",
                                ""))
                .toList();
        List<String> routes = routes(template.properties("HttpApi").path("DefinitionBody")).stream()
                .map(route -> route.replace(" /", "/").replaceAll("\\{[^}]+}", "*")).toList();
        assertThat(allowed).containsExactlyInAnyOrderElementsOf(routes);
    }

    @Test
    void everyLogGroup_hasRetention_andEachFunctionLogsToItsOwn() {
        assertThat(template.resourcesOfType("AWS::Logs::LogGroup")).hasSize(3).allSatisfy(group -> assertThat(template
                .properties(group).at("/RetentionInDays/Ref").asText()).isEqualTo("LogRetentionDays"));
        for (String function : ROLE_OF_FUNCTION.keySet()) {
            assertThat(template.function(function).at("/LoggingConfig/LogGroup/Ref").asText()).isEqualTo(function
                    + "LogGroup");
        }
    }

    @Test
    void schedule_isDisabledWithoutAnExpression_andHandsItsInputToTheWorkerAlias() {
        JsonNode schedule = template.properties("WorkerSchedule");
        assertThat(template.resolve(schedule.path("State"), template.parameters(DEFAULTS)).asText()).isEqualTo(
                "DISABLED");
        JsonNode enabled = template.resolve(schedule, template.parameters(
                Map.of("ScheduleExpression", "rate(1 hour)", "ScheduleInput",
                        "{\"urls\":[\"https://example.org/a\"]}")));
        assertThat(enabled.path("State").asText()).isEqualTo("ENABLED");
        assertThat(enabled.path("ScheduleExpression").asText()).isEqualTo("rate(1 hour)");
        assertThat(enabled.at("/Target/Input/Fn::Sub").asText()).contains("\"detail-type\"", "\"source\"",
                "${ScheduleInput}");
        assertThat(schedule.at("/Target/Arn/Ref").asText()).isEqualTo("WorkerFunction.Alias");
        assertThat(schedule.at("/Target/RoleArn/Fn::GetAtt/0").asText()).isEqualTo("ScheduleRole");
        assertThat(PolicyStatements.in(template)).filteredOn(s -> s.owner().equals("ScheduleRole") && s.allows()
                && !s.actions().contains("sts:AssumeRole")).singleElement().satisfies(s -> {
                    assertThat(s.actions()).containsExactly("lambda:InvokeFunction");
                    assertThat(s.resources()).containsExactly("${WorkerFunction.Alias}");
                });
    }

    @Test
    void alarms_watchTheDeadLetterQueue_theQueuesBacklog_andErrorsAndThrottlesOfBothFunctions() {
        List<String> watched = template.resourcesOfType("AWS::CloudWatch::Alarm").stream().map(template::properties)
                .peek(alarm -> {
                    if (alarm.path("MetricName").asText().equals("ApproximateAgeOfOldestMessage")) {
                        assertThat(alarm.at("/Threshold/Ref").asText()).isEqualTo("QueueAgeAlarmSeconds");
                    } else {
                        assertThat(alarm.path("Threshold").asInt()).isZero();
                    }
                    assertThat(alarm.path("ComparisonOperator").asText()).isEqualTo("GreaterThanThreshold");
                })
                .map(alarm -> alarm.path("MetricName").asText() + " of " + PolicyStatements.texts(alarm.at(
                        "/Dimensions/0/Value")))
                .toList();
        assertThat(watched).containsExactlyInAnyOrder(
                "ApproximateNumberOfMessagesVisible of [${BatchDeadLetterQueue.QueueName}]",
                "ApproximateAgeOfOldestMessage of [${BatchQueue.QueueName}]",
                "Errors of [${ApiFunction}]", "Throttles of [${ApiFunction}]",
                "Errors of [${WorkerFunction}]", "Throttles of [${WorkerFunction}]");
    }

    @Test
    void outputs_nameTheApiQueuesAndBucket() {
        assertThat(template.root().path("Outputs").fieldNames())
                .toIterable().contains("ApiUrl", "QueueUrl", "BucketName", "DeadLetterQueueUrl");
    }

    @Test
    void eachFunction_runsAsItsOwnRole_withNoManagedPolicies() {
        ROLE_OF_FUNCTION.forEach((function, role) -> {
            JsonNode props = template.function(function);
            assertThat(props.at("/Role/Fn::GetAtt/0").asText()).isEqualTo(role);
            assertThat(props.has("Policies")).as("SAM policy templates on " + function).isFalse();
            assertThat(template.properties(role).has("ManagedPolicyArns")).as("managed policies on " + role).isFalse();
        });
    }

    @Test
    void allowStatements_haveNoWildcard_exceptObjectPrefixesAndTheirOwnLogStreams() {
        List<Statement> statements = PolicyStatements.in(template);
        assertThat(statements).as("statements found in the template").hasSizeGreaterThanOrEqualTo(13);
        for (Statement statement : statements) {
            assertThat(statement.node().has("NotAction") || statement.node().has("NotResource")).as(statement
                    .toString()).isFalse();
            if (!statement.allows()) {
                assertThat(statement.node().at("/Condition/Bool/aws:SecureTransport").asText())
                        .as("the only Deny is the TLS-only one: " + statement).isEqualTo("false");
                continue;
            }
            assertThat(statement.actions()).as(statement.toString()).isNotEmpty().noneMatch(a -> a.contains("*"));
            String ownLogStreams = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${"
                    + statement.owner().replace("Role", "LogGroup") + "}:*";
            assertThat(statement.resources()).as(statement.toString())
                    .allMatch(r -> !r.contains("*") || r.equals(DATA_OBJECTS) || r.equals(MANIFEST_OBJECTS) || r.equals(
                            ownLogStreams));
        }
    }

    @Test
    void s3Access_isLimitedToTheDataAndManifestPrefixes() {
        List<Statement> s3 = PolicyStatements.in(template).stream().filter(Statement::allows)
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("s3:"))).toList();
        assertThat(s3).extracting(Statement::owner).containsOnly("ApiFunctionRole", "WorkerFunctionRole").hasSize(7);
        for (Statement statement : s3) {
            if (statement.actions().equals(List.of("s3:ListBucket"))) {
                assertThat(statement.resources()).containsExactly("arn:${AWS::Partition}:s3:::${HaulBucket}");
                assertThat(statement.node().at("/Condition/StringLike/s3:prefix/Fn::Sub").asText())
                        .as("listing only below the manifests").isEqualTo("${ManifestPrefix}/*");
                continue;
            }
            if (statement.actions().equals(List.of("s3:ListBucketMultipartUploads"))) {
                assertThat(statement.resources()).containsExactly("arn:${AWS::Partition}:s3:::${HaulBucket}");
                assertThat(statement.node().has("Condition"))
                        .as("S3 has no prefix condition for this action; one would never match").isFalse();
                continue;
            }
            assertThat(statement.resources()).as(statement.toString()).singleElement().isIn(DATA_OBJECTS,
                    MANIFEST_OBJECTS);
            Set<String> allowed = statement.resources().get(0).equals(DATA_OBJECTS)
                    ? DATA_ACTIONS
                    : Set.of("s3:PutObject", "s3:GetObject");
            assertThat(statement.actions()).as(statement.toString()).isSubsetOf(allowed);
        }
    }

    @Test
    void queueAccess_isSendForTheApi_andConsumeAndSpreadForTheWorker_onTheQueueOnly() {
        Map<String, Set<String>> expected = Map.of(
                "ApiFunctionRole", Set.of("sqs:SendMessage"),
                "WorkerFunctionRole", Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                        "sqs:ChangeMessageVisibility", "sqs:SendMessage"));
        List<Statement> sqs = PolicyStatements.in(template).stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("sqs:"))).toList();
        assertThat(sqs).hasSize(2).allSatisfy(statement -> {
            assertThat(statement.actions()).containsExactlyInAnyOrderElementsOf(expected.get(statement.owner()));
            assertThat(statement.resources()).containsExactly("${BatchQueue.Arn}");
        });
    }

    @Test
    void completionEvents_goToTheConfiguredBusOnly_fromTheWorkerOnly() {
        List<Statement> events = PolicyStatements.in(template).stream()
                .filter(s -> s.actions().stream().anyMatch(a -> a.startsWith("events:"))).toList();
        assertThat(events).singleElement().satisfies(statement -> {
            assertThat(statement.owner()).isEqualTo("WorkerFunctionRole");
            assertThat(statement.actions()).containsExactly("events:PutEvents");
            assertThat(statement.node().at("/Condition/StringEquals/events:source").asText()).isEqualTo("haul");
            assertThat(statement.resources()).containsExactly(
                    "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/${CompletionEventBus}");
        });
        assertThat(template.function("WorkerFunction").at("/Environment/Variables/HAUL_EVENTS_BUS/Ref").asText())
                .isEqualTo("CompletionEventBus");
        assertThat(template.root().at("/Parameters/CompletionEventBus/Default").asText()).isEqualTo("default");
    }

    private static List<String> routes(JsonNode body) {
        return body.path("paths").properties().stream()
                .flatMap(path -> path.getValue().properties().stream().map(op -> op.getKey().toUpperCase() + " " + path
                        .getKey()))
                .toList();
    }

    private static void assertEveryRouteUses(JsonNode body, String scheme) {
        body.path("paths").forEach(path -> path.forEach(operation -> {
            assertThat(operation.path("security")).as("security of " + operation).hasSize(1);
            assertThat(operation.at("/security/0").fieldNames()).toIterable().containsExactly(scheme);
            assertThat(operation.at("/x-amazon-apigateway-integration/uri/Fn::Sub").asText()).contains(
                    "${ApiFunction.Alias}");
        }));
        assertThat(body.at("/components/securitySchemes/" + scheme).isObject()).as("scheme " + scheme).isTrue();
        assertThat(body.at("/components/securitySchemes").size()).as("schemes defined").isEqualTo(scheme.equals(
                "HaulIam") ? 1 : 2);
    }
}
