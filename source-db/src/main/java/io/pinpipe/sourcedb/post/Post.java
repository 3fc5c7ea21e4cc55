package io.pinpipe.sourcedb.post;

/** One post as the posting app writes it: a row in each of the three tables, one post number. */
public record Post(PinRow pin, GeoRow geo, UserRow user) {

  public Post {
    if (pin.index() != geo.ind() || pin.index() != user.ind()) {
      throw new IllegalArgumentException(
          "the three rows of a post share one number, got pin "
              + pin.index()
              + ", geo "
              + geo.ind()
              + ", user "
              + user.ind());
    }
  }

  public int number() {
    return pin.index();
  }

  public Post withNumber(int number) {
    return new Post(pin.withIndex(number), geo.withInd(number), user.withInd(number));
  }
}
