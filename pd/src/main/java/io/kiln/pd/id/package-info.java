/**
 * Cluster-wide id allocation: the {@link io.kiln.pd.id.IdAllocator} interface and its
 * implementation with a window persisted ahead ({@link io.kiln.pd.id.PersistentIdAllocator}).
 */
package io.kiln.pd.id;
