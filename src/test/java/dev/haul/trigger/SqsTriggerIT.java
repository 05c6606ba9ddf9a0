package dev.haul.trigger;

import dev.haul.support.InvokesPackagedHaul;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SqsTriggerTest} against the packaged artifact. */
@QuarkusIntegrationTest
class SqsTriggerIT extends SqsTriggerTest implements InvokesPackagedHaul {
}
