package io.pinpipe.streams.clean;

import io.pinpipe.streams.json.JsonLine;
import java.time.Instant;

/** A cleaned {@code user_data} row: the value of {@code user.clean}. */
public record CleanUser(long ind, String userName, Long age, Instant dateJoined) {

  /** The fields after {@code ind}, as the post carries them. */
  public JsonLine writePostFields(JsonLine json) {
    return json.field("user_name", userName).field("age", age).field("date_joined", dateJoined);
  }

  public String toJson() {
    return writePostFields(JsonLine.object().field("ind", ind)).toString();
  }
}
