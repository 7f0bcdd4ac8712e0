package org.touchstone.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The agent's packages depend one way (STYLE.md: "a package imports only what lies upstream of it"): metrology at
 * the bottom, then declaration, calibration, inspection, assessment, and config, which configures them all. Read
 * from the compiled classes, so a cycle fails the build, not a review.
 */
class PackageDependenciesTest {

    /** The agent's own compiled classes only (scanning the whole classpath took 20 s). */
    private static final JavaClasses AGENT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(mainClasses());

    private static java.nio.file.Path mainClasses() {
        try {
            return java.nio.file.Path.of(org.touchstone.agent.assessment.Assessor.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The decision side (issue 16 named the {assessment, calibration, config, inspection} cycle). The root package
     * and {alert, devices, mqtt} are the wiring's and are held to this rule once their own cycle is broken.
     */
    @Test
    void decisionPackages_areFreeOfCycles() {
        JavaClasses decision = AGENT.that(com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage(
                "org.touchstone.agent.metrology..", "org.touchstone.agent.declaration..",
                "org.touchstone.agent.calibration..", "org.touchstone.agent.inspection..",
                "org.touchstone.agent.assessment..", "org.touchstone.agent.config..", "org.touchstone.agent.replay..",
                "org.touchstone.agent.journal.."));
        slices().matching("org.touchstone.agent.(*)..").should().beFreeOfCycles().check(decision);
    }

    @Test
    void metrology_dependsOnNothingElseOfTheAgent() {
        noClasses().that().resideInAPackage("org.touchstone.agent.metrology..")
                .should().dependOnClassesThat().resideInAnyPackage("org.touchstone.agent", "org.touchstone.agent.assessment..",
                        "org.touchstone.agent.calibration..", "org.touchstone.agent.config..",
                        "org.touchstone.agent.inspection..", "org.touchstone.agent.declaration..",
                        "org.touchstone.agent.journal..", "org.touchstone.agent.alert..", "org.touchstone.agent.mqtt..",
                        "org.touchstone.agent.devices..", "org.touchstone.agent.replay..", "org.touchstone.agent.cli..")
                .check(AGENT);
    }

    @Test
    void assessment_doesNotReadTheConfigurationFiles() {
        noClasses().that().resideInAnyPackage("org.touchstone.agent.assessment..", "org.touchstone.agent.calibration..",
                        "org.touchstone.agent.inspection..", "org.touchstone.agent.declaration..")
                .should().dependOnClassesThat().resideInAPackage("org.touchstone.agent.config..")
                .check(AGENT);
    }
}
