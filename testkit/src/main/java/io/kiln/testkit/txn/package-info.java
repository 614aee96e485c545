/**
 * Transactions on in-process clusters: a timestamp oracle ({@link io.kiln.testkit.txn.Tso}), the
 * transaction layer of every store ({@link io.kiln.testkit.txn.TxnStores}) and a Percolator
 * client over it ({@link io.kiln.testkit.txn.TxnDriver}) for bank and crash tests.
 */
package io.kiln.testkit.txn;
