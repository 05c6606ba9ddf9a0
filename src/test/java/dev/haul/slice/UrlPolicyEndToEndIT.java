package dev.haul.slice;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.haul.support.InvokesPackagedHaul;

/** {@link UrlPolicyEndToEndTest} against the packaged artifact. */
@QuarkusIntegrationTest
class UrlPolicyEndToEndIT extends UrlPolicyEndToEndTest implements InvokesPackagedHaul {}
