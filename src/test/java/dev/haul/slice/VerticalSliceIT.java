package dev.haul.slice;

import dev.haul.support.InvokesPackagedHaul;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link VerticalSliceTest} against the packaged artifact. */
@QuarkusIntegrationTest
class VerticalSliceIT extends VerticalSliceTest implements InvokesPackagedHaul {
}
