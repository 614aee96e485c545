package io.kiln.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A scenario file: a story of commands, each followed by the output it must produce.
 *
 * <pre>
 * # a comment, kept as is
 * command arg key=value
 * ----
 * expected output, any number of lines
 * (a blank line ends the block)
 * </pre>
 *
 * Commands without expected output may omit the {@code ----} line.
 */
record ScenarioFile(Path path, List<Block> blocks) {

  /** One command, where it starts in the file, and the output it is expected to print. */
  record Block(int line, String comments, String command, String expected) {}

  static ScenarioFile parse(Path path) throws IOException {
    List<String> lines = Files.readAllLines(path);
    List<Block> blocks = new ArrayList<>();
    StringBuilder comments = new StringBuilder();
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        if (line.startsWith("#")) {
          comments.append(line).append('\n');
        } else if (comments.length() > 0) {
          comments.append('\n');
        }
        i++;
        continue;
      }
      int start = i + 1;
      String command = line.strip();
      i++;
      StringBuilder expected = new StringBuilder();
      if (i < lines.size() && lines.get(i).equals("----")) {
        i++;
        while (i < lines.size() && !lines.get(i).isEmpty()) {
          expected.append(lines.get(i)).append('\n');
          i++;
        }
      }
      blocks.add(new Block(start, comments.toString(), command, expected.toString()));
      comments.setLength(0);
    }
    return new ScenarioFile(path, blocks);
  }

  /** The file as it would read with {@code actual} outputs (used to rewrite expectations). */
  static String render(List<Block> blocks, List<String> actual) {
    StringBuilder sb = new StringBuilder();
    for (int b = 0; b < blocks.size(); b++) {
      Block block = blocks.get(b);
      sb.append(block.comments());
      sb.append(block.command()).append('\n');
      String out = actual.get(b);
      if (!out.isEmpty()) {
        sb.append("----\n").append(out);
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
