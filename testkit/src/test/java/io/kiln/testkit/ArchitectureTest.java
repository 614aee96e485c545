package io.kiln.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules of the house from the architecture page, checked on the compiled main classes of every
 * module. {@link ModuleMap} holds the module table; {@link RaftPurity} what "no threads, clocks,
 * unseeded randomness or IO" means for the raft module.
 */
class ArchitectureTest {

  private static JavaClasses kiln;

  @BeforeAll
  static void importKiln() {
    kiln = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.kiln");
  }

  @Test
  void onlyEngineRocksImportsRocksDb() {
    noClasses().that().resideOutsideOfPackage("io.kiln.engine.rocks..")
        .should().dependOnClassesThat().resideInAPackage("org.rocksdb..")
        .because("RocksDB stays behind the engine interfaces (ARCHITECTURE.md section 2)")
        .allowEmptyShould(true)
        .check(kiln);
  }

  @Test
  void onlyServerPdClientAndGeneratedStubsImportGrpc() {
    noClasses().that().resideOutsideOfPackages(
            "io.kiln.server..", "io.kiln.pd..", "io.kiln.client..", "io.kiln.etcd..", "io.kiln.proto..", "io.kiln.testkit..")
        .should().dependOnClassesThat().resideInAPackage("io.grpc..")
        .because("only server, pd, client and etcd-client speak gRPC (ARCHITECTURE.md section 2)")
        .allowEmptyShould(true)
        .check(kiln);
  }

  @Test
  void modulesDependOnlyOnTheModulesTheTableAllows() {
    ArchRule rule = classes().that().resideInAPackage("io.kiln..")
        .should(onlyDependOnAllowedModules())
        .allowEmptyShould(true);
    rule.check(kiln);
  }

  @Test
  void raftModuleHasNoThreadsClocksRandomnessOrIo() {
    RaftPurity.rule().check(kiln);
  }

  static ArchCondition<JavaClass> onlyDependOnAllowedModules() {
    return new ArchCondition<>("only depend on the Kiln modules the architecture table allows") {
      @Override
      public void check(JavaClass item, ConditionEvents events) {
        String from = ModuleMap.moduleOf(item.getPackageName());
        for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
          String to = ModuleMap.moduleOf(dependency.getTargetClass().getPackageName());
          if (to != null && !ModuleMap.mayUse(from, to)) {
            events.add(SimpleConditionEvent.violated(dependency,
                "module " + from + " may not use module " + to + ": " + dependency.getDescription()));
          }
        }
      }
    };
  }
}
