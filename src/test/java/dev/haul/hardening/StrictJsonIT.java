package dev.haul.hardening;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.haul.support.InvokesPackagedHaul;

/** {@link StrictJsonTest} against the packaged artifact, run as Lambda runs it. */
@QuarkusIntegrationTest
class StrictJsonIT extends StrictJsonTest implements InvokesPackagedHaul {}
