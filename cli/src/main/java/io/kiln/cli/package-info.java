/**
 * The {@code kiln} command line (picocli), run by {@code bin/kiln}: {@code version}, {@code pd},
 * {@code server}, {@code playground}, {@code ctl} and {@code bench} (package {@code io.kiln.cli.bench}).
 * This is the composition root: it picks concrete engines and wires the modules together.
 */
package io.kiln.cli;
