/**
 * A small blocking client of etcd's v3 KV API, so that {@code kiln bench} can put the same workload
 * against etcd and Kiln. Only Range, Put and Txn are used. The gRPC stubs live in
 * {@code io.kiln.etcd.proto}, generated at build time from the schemas inside {@code io.etcd:jetcd-grpc}.
 */
package io.kiln.etcd;
