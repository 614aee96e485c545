/**
 * The transactional half of {@code tikvpb.Tikv} (KvGet, KvPrewrite, KvCommit, ...): each RPC
 * becomes one storage command, run by {@link io.kiln.storage.Storage}; failures become the
 * response's {@code region_error} or a {@code KeyError}, as TiKV sends them.
 */
package io.kiln.server.txn;
