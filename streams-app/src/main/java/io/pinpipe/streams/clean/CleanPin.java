package io.pinpipe.streams.clean;

import io.pinpipe.streams.json.JsonLine;

/** A cleaned {@code pinterest_data} row: the value of {@code pin.clean} (contract section 3). */
public record CleanPin(
    long ind,
    String uniqueId,
    String title,
    String description,
    Long followerCount,
    String posterName,
    String tagList,
    String isImageOrVideo,
    String imageSrc,
    String saveLocation,
    String category) {

  /** Writes the fields in contract order into a JSON object under construction. */
  public JsonLine writeFields(JsonLine json) {
    return json.field("ind", ind)
        .field("unique_id", uniqueId)
        .field("title", title)
        .field("description", description)
        .field("follower_count", followerCount)
        .field("poster_name", posterName)
        .field("tag_list", tagList)
        .field("is_image_or_video", isImageOrVideo)
        .field("image_src", imageSrc)
        .field("save_location", saveLocation)
        .field("category", category);
  }

  public String toJson() {
    return writeFields(JsonLine.object()).toString();
  }
}
