/**
 * Key encodings the client shares with TiKV: the memcomparable byte encoding used for the
 * region boundaries of transactional data.
 */
package io.kiln.client.codec;
