package io.kindly;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Kindly's packages follow the pipeline, and a package uses only those below it (ARCHITECTURE.md, "Packages"):
 * configuration, the domain and small helpers at the bottom; then the source, the plan, the ledger, the contact
 * policy, rendering, dispatch and what comes back; the cycle; the modes (preview, lint, demo); the admin API above the
 * cycle and the preview; start-up above them all, and the commands on top. A change that
 * makes a lower package reach up, or closes a cycle, fails here with the offending class and call.
 */
class ArchitectureTest {
    private static final JavaClasses KINDLY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.kindly");

    @Test
    void thePackagesFormNoCycle() {
        slices().matching("io.kindly.(*)..").should().beFreeOfCycles().check(KINDLY);
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("foundation").definedBy("io.kindly.config..", "io.kindly.domain..", "io.kindly.shared..",
                        "io.kindly.db..")
                .layer("source").definedBy("io.kindly.source..")
                .layer("plan").definedBy("io.kindly.plan..")
                .layer("ledger").definedBy("io.kindly.ledger..")
                .layer("policy").definedBy("io.kindly.policy..")
                .layer("render").definedBy("io.kindly.render..")
                .layer("dispatch").definedBy("io.kindly.dispatch..")
                .layer("inbound").definedBy("io.kindly.inbound..")
                .layer("cycle").definedBy("io.kindly.cycle..")
                .layer("admin").definedBy("io.kindly.admin..")
                .layer("preview").definedBy("io.kindly.preview..")
                .layer("lint").definedBy("io.kindly.lint..")
                .layer("demo").definedBy("io.kindly.demo..")
                .layer("startup").definedBy("io.kindly.app..")
                .layer("commands").definedBy("io.kindly", "io.kindly.cli..", "io.kindly.bench..")

                .whereLayer("commands").mayNotBeAccessedByAnyLayer()
                .whereLayer("startup").mayOnlyBeAccessedByLayers("commands")
                .whereLayer("demo").mayOnlyBeAccessedByLayers("startup", "commands")
                .whereLayer("lint").mayOnlyBeAccessedByLayers("startup", "commands")
                // the admin API sits above the cycle and the preview: it asks for a cycle (Cycles: is one running?)
                // and writes a preview as JSON; start-up hands it the means to run one
                .whereLayer("preview").mayOnlyBeAccessedByLayers("admin", "startup", "commands")
                .whereLayer("inbound").mayOnlyBeAccessedByLayers("startup", "commands")
                .whereLayer("cycle").mayOnlyBeAccessedByLayers("admin", "startup", "commands")
                .whereLayer("admin").mayOnlyBeAccessedByLayers("startup", "commands")
                .whereLayer("dispatch").mayOnlyBeAccessedByLayers("demo", "startup", "commands")
                .whereLayer("render").mayOnlyBeAccessedByLayers("dispatch", "inbound", "lint", "startup", "commands")
                // dispatch asks only whether the window is open (RetryWindow, given at start-up): the policy is
                // entered from the routes and from the ledger's claim (LedgerStore.ClaimGuard), nowhere else
                .whereLayer("policy").mayOnlyBeAccessedByLayers("inbound", "admin", "preview", "demo", "startup",
                        "commands")
                .whereLayer("ledger").mayOnlyBeAccessedByLayers("policy", "dispatch", "inbound", "cycle", "preview",
                        "demo", "startup", "commands")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("policy", "render", "lint", "ledger", "dispatch",
                        "inbound", "cycle", "preview", "demo", "startup", "commands")
                .whereLayer("source").mayOnlyBeAccessedByLayers("ledger", "policy", "dispatch", "inbound", "preview",
                        "demo", "startup", "commands")
                .check(KINDLY);
    }

    @Test
    void theFoundationUsesNothingAboveIt() {
        noClasses().that().resideInAnyPackage("io.kindly.config..", "io.kindly.domain..", "io.kindly.shared..",
                        "io.kindly.db..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kindly.source..", "io.kindly.plan..",
                        "io.kindly.ledger..", "io.kindly.policy..", "io.kindly.render..", "io.kindly.dispatch..",
                        "io.kindly.inbound..", "io.kindly.cycle..", "io.kindly.admin..", "io.kindly.preview..",
                        "io.kindly.lint..", "io.kindly.demo..",
                        "io.kindly.app..", "io.kindly.cli..", "io.kindly.bench..")
                .check(KINDLY);
    }

    @Test
    void theConfigurationPackageStandsAlone() {
        noClasses().that().resideInAPackage("io.kindly.config..")
                .should().dependOnClassesThat().resideInAnyPackage("io.kindly.domain..", "io.kindly.shared..",
                        "io.kindly.db..")
                .check(KINDLY);
    }
}
