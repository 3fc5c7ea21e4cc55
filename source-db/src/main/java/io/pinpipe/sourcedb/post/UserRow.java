package io.pinpipe.sourcedb.post;

import java.time.LocalDateTime;

/** One row of {@code user_data}; {@code date_joined} has no zone and is read as UTC. */
public record UserRow(
    int ind, String firstName, String lastName, Integer age, LocalDateTime dateJoined) {

  public UserRow withInd(int newInd) {
    return new UserRow(newInd, firstName, lastName, age, dateJoined);
  }
}
