/**
 * The timestamp oracle ({@link io.kiln.pd.tso.PersistentTso}): timestamps {@code physical << 18 |
 * logical} that strictly increase across requests and PD restarts, with a time window persisted
 * ahead of the issued timestamps as PD does.
 */
package io.kiln.pd.tso;
