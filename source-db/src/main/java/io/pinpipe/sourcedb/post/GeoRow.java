package io.pinpipe.sourcedb.post;

import java.time.LocalDateTime;

/**
 * One row of {@code geolocation_data}. Latitude and longitude are single-precision FLOATs, as in
 * the database; the timestamp has no zone and is read as UTC.
 */
public record GeoRow(
    int ind, LocalDateTime timestamp, Float latitude, Float longitude, String country) {

  public GeoRow withInd(int newInd) {
    return new GeoRow(newInd, timestamp, latitude, longitude, country);
  }
}
