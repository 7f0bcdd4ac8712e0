package org.touchstone.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The decision side's layers (STYLE.md: "a package imports only what lies upstream of it"): metrology at the
 * bottom, depending on nothing else of the agent; declaration, calibration, inspection and assessment below config,
 * which configures them and is read by none of them. Cycles between any packages are {@link PackageCyclesTest}'s.
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
