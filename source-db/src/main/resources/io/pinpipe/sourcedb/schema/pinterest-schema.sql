-- The three source tables of the Pinterest emulation (pipeline contract, section 1).
-- Valid on MySQL 8 and MariaDB 10.6+. `index` is a reserved word: every identifier is quoted.
-- utf8mb4 keeps the real data's NBSP, ellipses and emoji byte for byte.
-- `pinterest_data`.`index` is AUTO_INCREMENT so that concurrent posters never collide on a post
-- number; the sample loader and the other two tables give the number explicitly.

CREATE TABLE IF NOT EXISTS `pinterest_data` (
  `index`             INT          NOT NULL AUTO_INCREMENT,
  `unique_id`         VARCHAR(36)  NULL,
  `title`             TEXT         NULL,
  `description`       TEXT         NULL,
  `poster_name`       VARCHAR(512) NULL,
  `follower_count`    VARCHAR(32)  NULL,
  `tag_list`          TEXT         NULL,
  `is_image_or_video` VARCHAR(64)  NULL,
  `image_src`         TEXT         NULL,
  `downloaded`        INT          NULL,
  `save_location`     VARCHAR(512) NULL,
  `category`          VARCHAR(64)  NULL,
  PRIMARY KEY (`index`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `geolocation_data` (
  `ind`       INT          NOT NULL,
  `timestamp` DATETIME     NULL,
  `latitude`  FLOAT        NULL,
  `longitude` FLOAT        NULL,
  `country`   VARCHAR(128) NULL,
  PRIMARY KEY (`ind`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

CREATE TABLE IF NOT EXISTS `user_data` (
  `ind`         INT          NOT NULL,
  `first_name`  VARCHAR(128) NULL,
  `last_name`   VARCHAR(128) NULL,
  `age`         INT          NULL,
  `date_joined` DATETIME     NULL,
  PRIMARY KEY (`ind`)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;
