package dev.haul.slice;

import dev.haul.support.InvokesPackagedHaul;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UrlPolicyEndToEndTest} against the packaged artifact. */
@QuarkusIntegrationTest
class UrlPolicyEndToEndIT extends UrlPolicyEndToEndTest implements InvokesPackagedHaul {
}
