package io.pinpipe.streams.join;

import io.pinpipe.streams.clean.CleanGeo;
import io.pinpipe.streams.clean.CleanPin;
import io.pinpipe.streams.clean.CleanUser;

/**
 * A record of one clean topic on its way into the assembler: which part it is and its new value,
 * null when the part was deleted. The three clean topics merge into one stream of these.
 */
public sealed interface PartUpdate {

  /** The parts as they are after this update. */
  Post applyTo(Post parts);

  record Pin(CleanPin value) implements PartUpdate {
    @Override
    public Post applyTo(Post parts) {
      return parts.withPin(value);
    }
  }

  record Geo(CleanGeo value) implements PartUpdate {
    @Override
    public Post applyTo(Post parts) {
      return parts.withGeo(value);
    }
  }

  record User(CleanUser value) implements PartUpdate {
    @Override
    public Post applyTo(Post parts) {
      return parts.withUser(value);
    }
  }
}
