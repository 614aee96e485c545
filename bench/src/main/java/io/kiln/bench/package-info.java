/**
 * JMH benchmarks of Kiln's hot paths. They are built by {@code mvn package} into {@code
 * bench/target/kiln-benchmarks.jar} and run by hand (never by the tests); figures go to {@code
 * docs/PERFORMANCE.md} with the command that produced them.
 */
package io.kiln.bench;
