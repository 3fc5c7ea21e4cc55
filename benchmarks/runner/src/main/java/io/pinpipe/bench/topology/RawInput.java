package io.pinpipe.bench.topology;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.pinpipe.sourcedb.post.Post;
import io.pinpipe.sourcedb.post.RawRecords;
import io.pinpipe.streams.topology.SourcePart;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One raw record of a post, by part, as the connector writes it: keyed by the post number, the row
 * as JSON.
 */
record RawInput(SourcePart part, byte[] key, byte[] value) {

  /** The post's three raw records: pin, geo, user. */
  static List<RawInput> of(Post post, ObjectWriter json) throws JsonProcessingException {
    byte[] key = Integer.toString(post.number()).getBytes(StandardCharsets.UTF_8);
    return List.of(
        new RawInput(SourcePart.PIN, key, json.writeValueAsBytes(RawRecords.pin(post.pin()))),
        new RawInput(SourcePart.GEO, key, json.writeValueAsBytes(RawRecords.geo(post.geo()))),
        new RawInput(SourcePart.USER, key, json.writeValueAsBytes(RawRecords.user(post.user()))));
  }
}
