package dev.haul.trigger;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.haul.support.InvokesPackagedHaul;

/** {@link SqsTriggerTest} against the packaged artifact. */
@QuarkusIntegrationTest
class SqsTriggerIT extends SqsTriggerTest implements InvokesPackagedHaul {}
