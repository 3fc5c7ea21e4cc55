package io.pinpipe.streams.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builders of raw rows in the source tables' format, with realistic defaults. */
public final class RawRows {

  private static final ObjectMapper JSON = new ObjectMapper();

  private RawRows() {}

  /** A raw row under construction; {@link #json()} renders it. */
  public static final class Row {
    private final long number;
    private final ObjectNode node;

    private Row(long number, ObjectNode node) {
      this.number = number;
      this.node = node;
    }

    public long number() {
      return number;
    }

    public Row with(String field, Object value) {
      node.set(field, JSON.valueToTree(value));
      return this;
    }

    public Row without(String field) {
      node.remove(field);
      return this;
    }

    public String json() {
      return node.toString();
    }
  }

  public static Row pin(long index) {
    ObjectNode node = JSON.createObjectNode();
    node.put("index", index);
    node.put("unique_id", "58b0546a-bf3f-494a-89f3-c53d0f537f6e");
    node.put("title", "The Astronomer");
    node.put("description", "Fine Art Print\u2026\u00a0");
    node.put("poster_name", "Eyes On Walls ");
    node.put("follower_count", "17k");
    node.put("tag_list", "Art,Prints");
    node.put("is_image_or_video", "image");
    node.put("image_src", "https://i.pinimg.com/originals/4e.jpg");
    node.put("downloaded", 1);
    node.put("save_location", "Local save in /data/art");
    node.put("category", "art");
    return new Row(index, node);
  }

  public static Row geo(long ind) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ind", ind);
    node.put("timestamp", "2018-02-15 21:25:06");
    node.put("latitude", -47.1159);
    node.put("longitude", -118.396);
    node.put("country", "Japan");
    return new Row(ind, node);
  }

  public static Row user(long ind) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ind", ind);
    node.put("first_name", "Angela");
    node.put("last_name", "Conner");
    node.put("age", 36);
    node.put("date_joined", "2016-09-21 11:18:22");
    return new Row(ind, node);
  }
}
