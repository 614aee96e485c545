/**
 * The store's side of PD: {@link io.kiln.server.pd.PdStoreClient} (the pdpb.PD calls a store
 * makes), {@link io.kiln.server.pd.PdBootstrap} (store id, cluster bootstrap with the first
 * region, registration) and {@link io.kiln.server.pd.PdWorker} (store and region heartbeats, and
 * the operators PD answers with, run as admin commands).
 */
package io.kiln.server.pd;
