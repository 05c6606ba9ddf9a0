package dev.haul.hardening;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.haul.support.InvokesPackagedHaul;

/** {@link KeyOverwriteTest} against the packaged artifact, run as Lambda runs it. */
@QuarkusIntegrationTest
class KeyOverwriteIT extends KeyOverwriteTest implements InvokesPackagedHaul {}
