package dev.haul;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Pins the direction of the dependencies between Haul's packages, as the README's Architecture section draws them:
 * trigger, then batch, then transfer, then the stages it drives (fetch, spool, store) and report; model, config and
 * concurrent are shared by all and depend on none of them. A back-edge, even an inline fully-qualified name that an
 * import list would not show, fails this test with the offending class and member.
 */
class PackageDirectionTest {

    /** Haul's own classes, as compiled for the function: the local tool and the tests are not part of it. */
    private static final JavaClasses HAUL = new ClassFileImporter().importPath(Path.of("target/classes"));

    @Test
    void dependenciesPointOneWay_fromTheTriggersToTheStages() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("trigger").definedBy("dev.haul.trigger..")
                .layer("batch").definedBy("dev.haul.batch..")
                .layer("transfer").definedBy("dev.haul.transfer..")
                .layer("fetch").definedBy("dev.haul.fetch..")
                .layer("spool").definedBy("dev.haul.spool..")
                .layer("store").definedBy("dev.haul.store..")
                .layer("report").definedBy("dev.haul.report..")
                .layer("shared").definedBy("dev.haul.model..", "dev.haul.config..", "dev.haul.concurrent..")
                .whereLayer("trigger").mayNotBeAccessedByAnyLayer()
                .whereLayer("batch").mayOnlyBeAccessedByLayers("trigger")
                .whereLayer("transfer").mayOnlyBeAccessedByLayers("batch")
                // Placement asks HEADs before a batch is run; Warmup builds the HTTP client at start-up.
                .whereLayer("fetch").mayOnlyBeAccessedByLayers("transfer", "batch", "trigger")
                .whereLayer("spool").mayOnlyBeAccessedByLayers("transfer")
                // Keys are planned before anything is fetched; manifests are S3 objects and read S3's errors.
                .whereLayer("store").mayOnlyBeAccessedByLayers("transfer", "batch", "report")
                .whereLayer("report").mayOnlyBeAccessedByLayers("batch", "trigger")
                .whereLayer("shared").mayOnlyAccessLayers("shared");
        layers.check(HAUL);
    }

    @Test
    void noPackageCycles() {
        slices().matching("dev.haul.(**)").should().beFreeOfCycles().check(HAUL);
    }
}
