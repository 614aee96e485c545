package io.kiln.raft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario in {@code src/test/resources/scenarios}: each command's output must match
 * the text under it. After a deliberate behaviour change, regenerate the expectations with
 * {@code -Dkiln.scenario.rewrite=true} and review the diff like any other change.
 */
class ScenarioFileTest {

  private static final Path DIR = Paths.get("src/test/resources/scenarios");

  static Stream<Path> scenarios() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void scenario(Path path) throws IOException {
    ScenarioFile file = ScenarioFile.parse(path);
    ScenarioDriver driver = new ScenarioDriver();
    List<String> actual = new ArrayList<>();
    for (ScenarioFile.Block b : file.blocks()) {
      actual.add(driver.run(b.command()));
    }
    if (Boolean.getBoolean("kiln.scenario.rewrite")) {
      Files.writeString(path, ScenarioFile.render(file.blocks(), actual));
      return;
    }
    for (int i = 0; i < actual.size(); i++) {
      ScenarioFile.Block b = file.blocks().get(i);
      assertThat(actual.get(i))
          .as("%s:%d: %s", path.getFileName(), b.line(), b.command())
          .isEqualTo(b.expected());
    }
  }
}
