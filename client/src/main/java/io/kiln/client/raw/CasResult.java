package io.kiln.client.raw;

import java.util.Optional;

/**
 * What a compare-and-set did: whether the new value was written, and the value the key had
 * before (empty when it did not exist), as TiKV's RawCAS answers.
 */
public record CasResult(boolean swapped, Optional<byte[]> previous) {}
