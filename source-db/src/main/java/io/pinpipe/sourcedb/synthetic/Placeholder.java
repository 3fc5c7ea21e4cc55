package io.pinpipe.sourcedb.synthetic;

import io.pinpipe.sourcedb.post.PinRow;
import java.util.EnumSet;
import java.util.Set;

/**
 * The placeholder strings the original scraper wrote where it found no data (contract section 1),
 * one constant per column and text.
 */
public enum Placeholder {
  TITLE("No Title Data Available"),
  DESCRIPTION_STORY("No description available Story format"),
  DESCRIPTION("No description available"),
  POSTER_NAME("User Info Error"),
  FOLLOWER_COUNT("User Info Error"),
  TAG_LIST("N,o, ,T,a,g,s, ,A,v,a,i,l,a,b,l,e"),
  IMAGE_SRC("Image src error.");

  private final String text;

  Placeholder(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The placeholders a row carries, in column order. */
  public static Set<Placeholder> in(PinRow pin) {
    Set<Placeholder> found = EnumSet.noneOf(Placeholder.class);
    if (TITLE.text.equals(pin.title())) {
      found.add(TITLE);
    }
    if (DESCRIPTION_STORY.text.equals(pin.description())) {
      found.add(DESCRIPTION_STORY);
    }
    if (DESCRIPTION.text.equals(pin.description())) {
      found.add(DESCRIPTION);
    }
    if (POSTER_NAME.text.equals(pin.posterName())) {
      found.add(POSTER_NAME);
    }
    if (FOLLOWER_COUNT.text.equals(pin.followerCount())) {
      found.add(FOLLOWER_COUNT);
    }
    if (TAG_LIST.text.equals(pin.tagList())) {
      found.add(TAG_LIST);
    }
    if (IMAGE_SRC.text.equals(pin.imageSrc())) {
      found.add(IMAGE_SRC);
    }
    return found;
  }
}
