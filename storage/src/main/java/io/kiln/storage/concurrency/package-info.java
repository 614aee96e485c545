/**
 * Concurrency control across commands of one store that latches do not cover: the max_ts readers
 * have used and the in-memory lock table of async commit and 1PC.
 */
package io.kiln.storage.concurrency;
