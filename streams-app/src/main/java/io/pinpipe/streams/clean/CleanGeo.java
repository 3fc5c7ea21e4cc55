package io.pinpipe.streams.clean;

import io.pinpipe.streams.json.JsonLine;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A cleaned {@code geolocation_data} row: the value of {@code geo.clean}. */
public record CleanGeo(
    long ind, String country, Double latitude, Double longitude, Instant timestamp) {

  /** {@code [latitude, longitude]}, or null when either is missing. */
  public List<Double> coordinates() {
    return latitude == null || longitude == null ? null : Arrays.asList(latitude, longitude);
  }

  /** The fields after {@code ind}, as the post carries them. */
  public JsonLine writePostFields(JsonLine json) {
    return json.field("country", country)
        .field("coordinates", coordinates())
        .field("timestamp", timestamp);
  }

  public String toJson() {
    return writePostFields(JsonLine.object().field("ind", ind)).toString();
  }
}
