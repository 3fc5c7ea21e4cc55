package io.pinpipe.streams.topology;

import io.pinpipe.streams.clean.RawRow;
import io.pinpipe.streams.clean.RejectedInput;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans each raw record of one part. A clean record is re-keyed by the post number read from the
 * row, so a client that sent no key or a wrong one still lands on the right partition of the clean
 * topic. A null value is a deletion of the key's post. Anything else goes on as a rejection, with
 * the dead-letter headers: bad input never stops the app.
 */
final class CleaningProcessor<T> implements Processor<byte[], byte[], byte[], Cleaned<T>> {

  private static final Logger LOG = LoggerFactory.getLogger(CleaningProcessor.class);

  /**
   * The key of a deletion: the post number's digits (what the source connector writes), or the same
   * digits as a JSON string ({@code "52"} with the quotes), which is what a REST Proxy v2 client
   * that quotes its keys writes. Both name the same post.
   */
  private static final Pattern POST_NUMBER = Pattern.compile("-?\\d{1,18}|\"(-?\\d{1,18})\"");

  private final Function<RawRow, T> cleaner;
  private final ToLongFunction<T> postNumber;
  private ProcessorContext<byte[], Cleaned<T>> context;

  CleaningProcessor(Function<RawRow, T> cleaner, ToLongFunction<T> postNumber) {
    this.cleaner = cleaner;
    this.postNumber = postNumber;
  }

  @Override
  public void init(ProcessorContext<byte[], Cleaned<T>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.value() == null) {
      Matcher key =
          record.key() == null
              ? null
              : POST_NUMBER.matcher(new String(record.key(), StandardCharsets.UTF_8));
      if (key != null && key.matches()) {
        String number = key.group(1) == null ? key.group() : key.group(1);
        context.forward(
            record.withKey(digits(Long.parseLong(number))).withValue(Cleaned.deleted()));
      } else {
        reject(record, "deletion (null value) whose key is not a post number");
      }
      return;
    }
    try {
      T clean = cleaner.apply(RawRow.parse(record.value()));
      context.forward(
          record.withKey(digits(postNumber.applyAsLong(clean))).withValue(Cleaned.accepted(clean)));
    } catch (RejectedInput e) {
      reject(record, e.getMessage());
    } catch (RuntimeException e) {
      // A bug in a cleaning rule must not stop the app either: the record is kept in the DLQ.
      LOG.error("cleaning failed unexpectedly; the record goes to the dead-letter topic", e);
      reject(record, "cleaning failed: " + e);
    }
  }

  private void reject(Record<byte[], byte[]> record, String reason) {
    RecordHeaders headers = new RecordHeaders(record.headers().toArray());
    RecordMetadata source = context.recordMetadata().orElse(null);
    DeadLetterHeaders.add(
        headers,
        source == null ? "unknown" : source.topic(),
        source == null ? -1 : source.partition(),
        source == null ? -1 : source.offset(),
        reason);
    context.forward(
        new Record<>(
            record.key(),
            Cleaned.<T>rejected(reason, record.value()),
            record.timestamp(),
            headers));
  }

  private static byte[] digits(long number) {
    return Long.toString(number).getBytes(StandardCharsets.UTF_8);
  }
}
