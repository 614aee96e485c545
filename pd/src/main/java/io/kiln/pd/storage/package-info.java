/**
 * PD's durable state: the {@link io.kiln.pd.storage.MetaStorage} interface (an ordered key-value
 * store with atomic durable batches, the seam where a raft-replicated PD takes over), its
 * implementation over a local {@link io.kiln.engine.KvEngine}, and the key layout ({@link
 * io.kiln.pd.storage.MetaKeys}).
 */
package io.kiln.pd.storage;
