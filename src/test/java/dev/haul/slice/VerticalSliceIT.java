package dev.haul.slice;

import io.quarkus.test.junit.QuarkusIntegrationTest;

import dev.haul.support.InvokesPackagedHaul;

/** {@link VerticalSliceTest} against the packaged artifact. */
@QuarkusIntegrationTest
class VerticalSliceIT extends VerticalSliceTest implements InvokesPackagedHaul {}
