package io.kiln.storage.txn.pessimistic;

import static io.kiln.storage.txn.pessimistic.PessimisticFixture.lockReq;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.kiln.engine.Cf;
import io.kiln.proto.Kvrpcpb;
import io.kiln.storage.mvcc.WriteType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** return_values and check_existence: the newest committed values, in request order. */
class ReturnValuesTest {

  private final PessimisticFixture f = new PessimisticFixture();

  @Test
  void returnValuesGivesValuesAndNotFoundsInKeyOrderOfTheRequest() {
    f.putCommitted("b", "vb", 2, 3);
    f.putCommitted("a", "old", 2, 3);
    f.putCommitted("a", "va", 4, 5);

    Kvrpcpb.PessimisticLockResponse resp =
        f.lock(lockReq(10, 10, "b", "missing", "a").setReturnValues(true));

    assertThat(resp.getErrorsList()).isEmpty();
    assertThat(resp.getValuesList()).extracting(ByteString::toStringUtf8)
        .containsExactly("vb", "", "va");
    assertThat(resp.getNotFoundsList()).containsExactly(false, true, false);
    assertThat(f.count(Cf.LOCK)).isEqualTo(3);
  }

  @Test
  void aDeleteIsNotFoundAndAValueUnderLockAndRollbackRecordsIsFound() {
    f.putCommitted("del", "v", 2, 3);
    f.putRecord("del", WriteType.DELETE, 4, 5);
    f.putCommitted("under", "v0", 2, 3);
    f.putRecord("under", WriteType.LOCK, 4, 5);
    f.putRecord("under", WriteType.ROLLBACK, 6, 6);
    f.putRecord("nothingUnder", WriteType.LOCK, 4, 5);

    Kvrpcpb.PessimisticLockResponse resp =
        f.lock(lockReq(10, 10, "del", "under", "nothingUnder").setReturnValues(true));

    assertThat(resp.getValuesList()).extracting(ByteString::toStringUtf8)
        .containsExactly("", "v0", "");
    assertThat(resp.getNotFoundsList()).containsExactly(true, false, true);
  }

  @Test
  void aLongValueIsReadFromTheDefaultCf() {
    byte[] big = new byte[1000];
    Arrays.fill(big, (byte) 'x');
    f.putCommittedLong("k", big, 2, 3);

    Kvrpcpb.PessimisticLockResponse resp = f.lock(lockReq(10, 10, "k").setReturnValues(true));

    assertThat(resp.getValues(0).toByteArray()).isEqualTo(big);
  }

  @Test
  void checkExistenceAloneFillsOnlyNotFounds() {
    f.putCommitted("a", "va", 2, 3);
    f.putCommitted("under", "v0", 2, 3);
    f.putRecord("under", WriteType.LOCK, 4, 5);

    Kvrpcpb.PessimisticLockResponse resp =
        f.lock(lockReq(10, 10, "a", "b", "under").setCheckExistence(true));

    assertThat(resp.getValuesList()).isEmpty();
    assertThat(resp.getNotFoundsList()).containsExactly(false, true, false);
  }

  @Test
  void returnValuesWithCheckExistenceIsLikeReturnValues() {
    f.putCommitted("a", "va", 2, 3);

    Kvrpcpb.PessimisticLockResponse resp =
        f.lock(lockReq(10, 10, "a", "b").setReturnValues(true).setCheckExistence(true));

    assertThat(resp.getValuesList()).extracting(ByteString::toStringUtf8).containsExactly("va", "");
    assertThat(resp.getNotFoundsList()).containsExactly(false, true);
  }

  @Test
  void nothingIsReturnedWhenTheRequestFails() {
    f.putCommitted("a", "va", 2, 3);
    f.putCommitted("b", "vb", 14, 25);

    Kvrpcpb.PessimisticLockResponse resp = f.lock(lockReq(10, 20, "a", "b").setReturnValues(true));

    assertThat(resp.getErrorsCount()).isEqualTo(1);
    assertThat(resp.getValuesList()).isEmpty();
    assertThat(resp.getNotFoundsList()).isEmpty();
  }
}
