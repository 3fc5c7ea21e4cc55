package io.pinpipe.streams.join;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.json.JsonLine;

/**
 * The parts of one post number that have arrived so far, any of them possibly absent. The post of
 * contract section 4 exists when all three have; the analytics read pin with geo or pin with user,
 * so those exist as soon as their two parts have.
 */
public record Post(CleanPin pin, CleanGeo geo, CleanUser user) {

  /** No part yet, or none left. */
  public static final Post NONE = new Post(null, null, null);

  public boolean isComplete() {
    return pin != null && geo != null && user != null;
  }

  public boolean hasPinWithGeo() {
    return pin != null && geo != null;
  }

  public boolean hasPinWithUser() {
    return pin != null && user != null;
  }

  Post withPin(CleanPin newPin) {
    return new Post(newPin, geo, user);
  }

  Post withGeo(CleanGeo newGeo) {
    return new Post(pin, newGeo, user);
  }

  Post withUser(CleanUser newUser) {
    return new Post(pin, geo, newUser);
  }

  /**
   * The pin fields, then {@code country, coordinates, timestamp}, then {@code user_name, age,
   * date_joined}.
   */
  public String toJson() {
    return user.writePostFields(geo.writePostFields(pin.writeFields(JsonLine.object()))).toString();
  }
}
