package org.blendstream.ingest;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.avro.specific.SpecificRecord;

/**
 * An Avro array field's values that keep the bytes they were written as ({@link EncodedRecord}), so
 * that {@link SpecificAvroSerde} can splice them into the enclosing record. To everyone else it is
 * the plain, read-only list of the values.
 */
public final class EncodedList<T extends SpecificRecord> extends AbstractList<T>
    implements RandomAccess {

  private final List<EncodedRecord<T>> encoded;

  public EncodedList(List<EncodedRecord<T>> encoded) {
    this.encoded = List.copyOf(encoded);
  }

  @Override
  public T get(int index) {
    return encoded.get(index).value();
  }

  @Override
  public int size() {
    return encoded.size();
  }

  List<EncodedRecord<T>> encoded() {
    return encoded;
  }
}
