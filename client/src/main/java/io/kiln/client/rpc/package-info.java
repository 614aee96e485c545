/**
 * Sending requests to region leaders: store channels, and the send loop that maps region errors
 * and unreachable stores onto region-cache updates and backoffs.
 */
package io.kiln.client.rpc;
