package io.kiln.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kiln version}: prints Kiln's version and the TiKV protocol it speaks. */
@Command(name = "version", description = "Print Kiln's version and the protocol it speaks.")
final class VersionCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    for (String line : new KilnVersion().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
  }
}
