package io.kiln.cli;

import io.kiln.cli.bench.BenchCommand;
import io.kiln.cli.config.ConfigException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code kiln} command: the entry point of every Kiln executable. */
@Command(
    name = "kiln",
    mixinStandardHelpOptions = true,
    versionProvider = KilnVersion.class,
    description = "Kiln: a distributed transactional key-value database that speaks TiKV's protocol.",
    subcommands = {VersionCommand.class, PdCommand.class, ServerCommand.class, PlaygroundCommand.class, CtlCommand.class,
        BenchCommand.class, CommandLine.HelpCommand.class})
public final class KilnCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    // "kiln" with no subcommand: show what there is to run.
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Builds the command line with Kiln's settings, so tests run exactly what users run. */
  public static CommandLine commandLine() {
    return new CommandLine(new KilnCommand()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          if (e instanceof ConfigException || e instanceof UncheckedIOException) {
            // a mistake of the operator's, or a port in use: a message, no stack trace
            cmd.getErr().println("kiln " + cmd.getCommandName() + ": " + e.getMessage()
                + (e.getCause() != null && e instanceof UncheckedIOException ? " (" + e.getCause().getMessage() + ")" : ""));
            return 2;
          }
          throw e;
        });
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
