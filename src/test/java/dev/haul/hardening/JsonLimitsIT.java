package dev.haul.hardening;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.haul.support.InvokesPackagedHaul;

/** {@link JsonLimitsTest} against the packaged artifact, run as Lambda runs it. */
@QuarkusIntegrationTest
class JsonLimitsIT extends JsonLimitsTest implements InvokesPackagedHaul {}
