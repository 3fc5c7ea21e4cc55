package io.pinpipe.sourcedb.post;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows as the source connector puts them on the raw topics (contract section 2): the original
 * column names, raw values, timestamps in ISO form. For code that must produce the same records
 * without the connector: the dry-run reference of the tests, the benchmarks' raw baseline.
 */
public final class RawRecords {

  private RawRecords() {}

  public static Map<String, Object> pin(PinRow pin) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("index", pin.index());
    row.put("unique_id", pin.uniqueId());
    row.put("title", pin.title());
    row.put("description", pin.description());
    row.put("poster_name", pin.posterName());
    row.put("follower_count", pin.followerCount());
    row.put("tag_list", pin.tagList());
    row.put("is_image_or_video", pin.isImageOrVideo());
    row.put("image_src", pin.imageSrc());
    row.put("downloaded", pin.downloaded());
    row.put("save_location", pin.saveLocation());
    row.put("category", pin.category());
    return row;
  }

  public static Map<String, Object> geo(GeoRow geo) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ind", geo.ind());
    row.put("timestamp", geo.timestamp() == null ? null : geo.timestamp().toString());
    row.put("latitude", geo.latitude());
    row.put("longitude", geo.longitude());
    row.put("country", geo.country());
    return row;
  }

  public static Map<String, Object> user(UserRow user) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("ind", user.ind());
    row.put("first_name", user.firstName());
    row.put("last_name", user.lastName());
    row.put("age", user.age());
    row.put("date_joined", user.dateJoined() == null ? null : user.dateJoined().toString());
    return row;
  }
}
