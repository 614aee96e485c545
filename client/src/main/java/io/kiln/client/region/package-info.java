/**
 * The region cache: which region holds a key and which store leads it, loaded from PD and
 * corrected by the region errors stores answer with ({@link io.kiln.client.region.RegionErrorHandler});
 * {@link io.kiln.client.region.KeyMode} says whether keys are encoded before PD look-ups.
 */
package io.kiln.client.region;
