/**
 * The {@code kiln} command line (picocli), run by {@code bin/kiln}: {@code kiln version} today;
 * {@code pd}, {@code server}, {@code playground}, {@code ctl} and {@code bench} as their issues land.
 * This is the composition root: it picks concrete engines and wires the modules together.
 */
package io.kiln.cli;
