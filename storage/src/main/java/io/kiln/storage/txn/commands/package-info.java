/**
 * One Percolator command per class, each building its {@code kvrpcpb} response (the service adds
 * {@code region_error}): reads ({@link io.kiln.storage.txn.commands.GetCommand},
 * {@link io.kiln.storage.txn.commands.BatchGetCommand}, {@link io.kiln.storage.txn.commands.ScanCommand},
 * {@link io.kiln.storage.txn.commands.ScanLockCommand}) and writes
 * ({@link io.kiln.storage.txn.commands.PrewriteCommand}, {@link io.kiln.storage.txn.commands.CommitCommand},
 * {@link io.kiln.storage.txn.commands.CleanupCommand},
 * {@link io.kiln.storage.txn.commands.BatchRollbackCommand},
 * {@link io.kiln.storage.txn.commands.CheckTxnStatusCommand},
 * {@link io.kiln.storage.txn.commands.TxnHeartBeatCommand},
 * {@link io.kiln.storage.txn.commands.CheckSecondaryLocksCommand}, and KvResolveLock through
 * {@link io.kiln.storage.txn.commands.ResolveLockCommands}). Each is built from its request.
 */
package io.kiln.storage.txn.commands;
