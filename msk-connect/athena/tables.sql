-- Athena tables over what the S3 sink writes (msk-connect/config/s3-sink.properties):
--   s3://<bucket>/topics/<topic>/year=YYYY/month=MM/day=dd/hour=HH/<topic>+<partition>+<offset>.json.gz
-- one JSON object per line, gzip. Partition projection reads the hour folders without crawlers or
-- MSCK REPAIR. `./pinpipe deploy` fills the deploy placeholders (bucket, topic prefix) from
-- deploy.properties and writes the result as athena-tables.sql;
-- run the statements in order, then any file of queries/ (the same SQL the local pipeline runs
-- on DuckDB as its batch check).
--
-- The sink ignores tombstones (behavior.on.null.values=ignore), so a deleted row stays in S3:
-- these views show each post's latest written version.

CREATE EXTERNAL TABLE IF NOT EXISTS pin_clean_objects (
  ind BIGINT,
  unique_id STRING,
  title STRING,
  description STRING,
  follower_count BIGINT,
  poster_name STRING,
  tag_list STRING,
  is_image_or_video STRING,
  image_src STRING,
  save_location STRING,
  category STRING
)
PARTITIONED BY (year STRING, month STRING, day STRING, hour STRING)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://${deploy:s3.bucket}/topics/${deploy:topic.prefix}pin.clean/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer', 'projection.year.range' = '2020,2100', 'projection.year.digits' = '4',
  'projection.month.type' = 'integer', 'projection.month.range' = '1,12', 'projection.month.digits' = '2',
  'projection.day.type' = 'integer', 'projection.day.range' = '1,31', 'projection.day.digits' = '2',
  'projection.hour.type' = 'integer', 'projection.hour.range' = '0,23', 'projection.hour.digits' = '2',
  'storage.location.template' = 's3://${deploy:s3.bucket}/topics/${deploy:topic.prefix}pin.clean/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);

-- The latest version of each row: object names carry zero-padded start offsets, so the last path wins.
CREATE OR REPLACE VIEW pin_clean AS
SELECT ind, unique_id, title, description, follower_count, poster_name, tag_list, is_image_or_video, image_src, save_location, category
FROM (
  SELECT *, row_number() OVER (PARTITION BY ind ORDER BY "$path" DESC) AS version
  FROM pin_clean_objects
  WHERE ind IS NOT NULL
)
WHERE version = 1;

CREATE EXTERNAL TABLE IF NOT EXISTS geo_clean_objects (
  ind BIGINT,
  country STRING,
  coordinates ARRAY<DOUBLE>,
  `timestamp` STRING
)
PARTITIONED BY (year STRING, month STRING, day STRING, hour STRING)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://${deploy:s3.bucket}/topics/${deploy:topic.prefix}geo.clean/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer', 'projection.year.range' = '2020,2100', 'projection.year.digits' = '4',
  'projection.month.type' = 'integer', 'projection.month.range' = '1,12', 'projection.month.digits' = '2',
  'projection.day.type' = 'integer', 'projection.day.range' = '1,31', 'projection.day.digits' = '2',
  'projection.hour.type' = 'integer', 'projection.hour.range' = '0,23', 'projection.hour.digits' = '2',
  'storage.location.template' = 's3://${deploy:s3.bucket}/topics/${deploy:topic.prefix}geo.clean/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);

-- The latest version of each row: object names carry zero-padded start offsets, so the last path wins.
CREATE OR REPLACE VIEW geo_clean AS
SELECT ind, country, coordinates, "timestamp"
FROM (
  SELECT *, row_number() OVER (PARTITION BY ind ORDER BY "$path" DESC) AS version
  FROM geo_clean_objects
  WHERE ind IS NOT NULL
)
WHERE version = 1;

CREATE EXTERNAL TABLE IF NOT EXISTS user_clean_objects (
  ind BIGINT,
  user_name STRING,
  age BIGINT,
  date_joined STRING
)
PARTITIONED BY (year STRING, month STRING, day STRING, hour STRING)
ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
LOCATION 's3://${deploy:s3.bucket}/topics/${deploy:topic.prefix}user.clean/'
TBLPROPERTIES (
  'projection.enabled' = 'true',
  'projection.year.type' = 'integer', 'projection.year.range' = '2020,2100', 'projection.year.digits' = '4',
  'projection.month.type' = 'integer', 'projection.month.range' = '1,12', 'projection.month.digits' = '2',
  'projection.day.type' = 'integer', 'projection.day.range' = '1,31', 'projection.day.digits' = '2',
  'projection.hour.type' = 'integer', 'projection.hour.range' = '0,23', 'projection.hour.digits' = '2',
  'storage.location.template' = 's3://${deploy:s3.bucket}/topics/${deploy:topic.prefix}user.clean/year=${year}/month=${month}/day=${day}/hour=${hour}/'
);

-- The latest version of each row: object names carry zero-padded start offsets, so the last path wins.
CREATE OR REPLACE VIEW user_clean AS
SELECT ind, user_name, age, date_joined
FROM (
  SELECT *, row_number() OVER (PARTITION BY ind ORDER BY "$path" DESC) AS version
  FROM user_clean_objects
  WHERE ind IS NOT NULL
)
WHERE version = 1;
