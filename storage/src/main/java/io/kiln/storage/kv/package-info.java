/** Ways to reach a region's data other than the raftstore: {@link io.kiln.storage.kv.StandaloneKv}. */
package io.kiln.storage.kv;
