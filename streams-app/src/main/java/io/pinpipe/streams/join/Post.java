package io.pinpipe.streams.join;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;
import io.pinpipe.streams.json.JsonLine;

/**
 * One post: its three cleaned parts merged (contract section 4). The analytics read pin with geo
 * or pin with user, so either of those may be absent in a partial post.
 */
public record Post(CleanPin pin, CleanGeo geo, CleanUser user) {

  public static Post pinWithGeo(CleanPin pin, CleanGeo geo) {
    return new Post(pin, geo, null);
  }

  public static Post pinWithUser(CleanPin pin, CleanUser user) {
    return new Post(pin, null, user);
  }

  public Post withUser(CleanUser newUser) {
    return new Post(pin, geo, newUser);
  }

  /** The pin fields, then {@code country, coordinates, timestamp}, then {@code user_name, age, date_joined}. */
  public String toJson() {
    return user.writePostFields(geo.writePostFields(pin.writeFields(JsonLine.object()))).toString();
  }
}
