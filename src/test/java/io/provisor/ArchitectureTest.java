package io.provisor;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The package boundaries of STYLE.md, held by a test. */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.provisor");

    @Test
    void model_depends_on_the_jdk_only() {
        noClasses().that().resideInAPackage("io.provisor.model..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.provisor.model..", "java..")
                .check(CLASSES);
    }

    @Test
    void the_fact_vocabulary_depends_on_model_and_the_jdk_only() {
        noClasses().that().resideInAPackage("io.provisor.rules.facts..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.provisor.rules.facts..", "io.provisor.model..", "java..")
                .check(CLASSES);
    }

    @Test
    void drools_stays_inside_rules_and_engine() {
        noClasses().that().resideOutsideOfPackages("io.provisor.rules", "io.provisor.engine")
                .should().dependOnClassesThat().resideInAnyPackage("org.drools..", "org.kie..")
                .check(CLASSES);
    }

    @Test
    void javalin_stays_inside_api() {
        noClasses().that().resideOutsideOfPackage("io.provisor.api")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..")
                .check(CLASSES);
    }

    @Test
    void nothing_but_the_command_line_imports_the_api() {
        noClasses().that().resideOutsideOfPackages("io.provisor.api", "io.provisor.cli")
                .should().dependOnClassesThat().resideInAPackage("io.provisor.api")
                .check(CLASSES);
    }

    @Test
    void the_engine_does_no_io_and_knows_no_http() {
        noClasses().that().resideInAPackage("io.provisor.engine")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..", "io.provisor.api..",
                        "io.provisor.cli..", "com.fasterxml.jackson..")
                .check(CLASSES);
    }

    @Test
    void policy_tests_run_on_the_rules_and_the_engine_alone() {
        noClasses().that().resideInAPackage("io.provisor.policytest")
                .should().dependOnClassesThat().resideInAnyPackage("io.provisor.store..", "io.provisor.cycle..",
                        "io.provisor.connector..", "io.provisor.directory..", "io.provisor.api..", "io.provisor.cli..")
                .check(CLASSES);
    }

    @Test
    void connectors_know_the_model_jackson_and_their_protocol_only() {
        noClasses().that().resideInAPackage("io.provisor.connector..")
                .should().dependOnClassesThat().resideOutsideOfPackages("io.provisor.connector..", "io.provisor.model..",
                        "java..", "javax.net.ssl..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(CLASSES);
    }

    @Test
    void the_scim_sdk_stays_inside_the_sandbox_and_the_sandbox_stands_alone() {
        noClasses().that().resideOutsideOfPackage("io.provisor.sandbox")
                .should().dependOnClassesThat().resideInAPackage("de.captaingoldfish..")
                .check(CLASSES);
        classes().that().resideInAPackage("io.provisor.sandbox")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.provisor.sandbox", "java..", "javax..",
                        "com.sun.net.httpserver..", "de.captaingoldfish..", "com.fasterxml.jackson..", "org.slf4j..")
                .check(CLASSES);
    }
}
