/**
 * PD's source of time: the {@link io.kiln.pd.clock.PdClock} interface that every time-dependent
 * part of PD receives in its constructor, and the system implementation. Tests use a fake clock
 * that they move by hand, forwards and backwards.
 */
package io.kiln.pd.clock;
