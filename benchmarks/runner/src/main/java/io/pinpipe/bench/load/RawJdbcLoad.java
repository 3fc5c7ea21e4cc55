package io.pinpipe.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pinpipe.sourcedb.SourceDatabase;
import io.pinpipe.sourcedb.post.PinRow;
import io.pinpipe.sourcedb.post.RawRecords;
import io.pinpipe.sourcedb.post.SourceTable;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The raw baseline, what this machine can do without Connect: plain JDBC keyset reads of {@code
 * pinterest_data} and a producer tuned for throughput, writing the same JSON records as the
 * connector (keyed by post number). No offsets, no transactions, no retries beyond the producer's:
 * the physical limit a connector is measured against, not something to run.
 *
 * <p>Arguments: JDBC URL, user, topic, bootstrap servers, rows per query. The password, if any,
 * comes from {@code PINPIPE_DB_PASSWORD}.
 */
public final class RawJdbcLoad {

  private RawJdbcLoad() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: RawJdbcLoad JDBC_URL USER TOPIC BOOTSTRAP_SERVERS ROWS_PER_QUERY");
      System.exit(2);
    }
    String password = System.getenv().getOrDefault(SourceDatabase.PASSWORD_ENV, "");
    SourceDatabase database = new SourceDatabase(args[0], args[1], password);
    String topic = args[2];
    int rowsPerQuery = Integer.parseInt(args[4]);
    Map<String, Object> producerConfig =
        Map.of(
            "bootstrap.servers",
            args[3],
            "acks",
            "all",
            "enable.idempotence",
            "true",
            // Throughput settings: large batches that fill while the next query runs.
            "linger.ms",
            "20",
            "batch.size",
            Integer.toString(512 * 1024),
            "buffer.memory",
            Long.toString(64L * 1024 * 1024));
    ObjectWriter json = new ObjectMapper().writer();
    SourceTable<PinRow> table = SourceTable.PIN;
    String sql =
        "SELECT "
            + table.quotedColumns()
            + " FROM "
            + table.quotedName()
            + " WHERE "
            + SourceTable.quote(table.keyColumn())
            + " > ? ORDER BY "
            + SourceTable.quote(table.keyColumn())
            + " LIMIT ?";
    long sent = 0;
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(
                producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
        Connection connection = database.open();
        PreparedStatement query = connection.prepareStatement(sql)) {
      int after = Integer.MIN_VALUE;
      while (true) {
        query.setInt(1, after);
        query.setInt(2, rowsPerQuery);
        int rows = 0;
        try (ResultSet result = query.executeQuery()) {
          while (result.next()) {
            PinRow row = table.reader().read(result);
            producer.send(
                new ProducerRecord<>(
                    topic,
                    Integer.toString(row.index()).getBytes(StandardCharsets.UTF_8),
                    json.writeValueAsBytes(RawRecords.pin(row))));
            after = row.index();
            rows++;
          }
        }
        sent += rows;
        if (rows < rowsPerQuery) {
          break;
        }
      }
      producer.flush();
    }
    System.out.println("sent " + sent + " records to " + topic);
  }
}
