package io.pinpipe.sourcedb.post;

/**
 * One row of {@code pinterest_data} with its raw values, placeholders and all (contract section 1).
 * Fields other than the key may be null, although real data has no SQL NULLs.
 */
public record PinRow(
    int index,
    String uniqueId,
    String title,
    String description,
    String posterName,
    String followerCount,
    String tagList,
    String isImageOrVideo,
    String imageSrc,
    Integer downloaded,
    String saveLocation,
    String category) {

  public PinRow withIndex(int newIndex) {
    return new PinRow(
        newIndex,
        uniqueId,
        title,
        description,
        posterName,
        followerCount,
        tagList,
        isImageOrVideo,
        imageSrc,
        downloaded,
        saveLocation,
        category);
  }
}
