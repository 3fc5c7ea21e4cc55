-- Lower median of follower_count per year of date_joined, 2015-2020.
WITH grouped AS (
  SELECT CAST(substr(u.date_joined, 1, 4) AS INTEGER) AS post_year, p.follower_count
  FROM pin_clean p JOIN user_clean u ON u.ind = p.ind
  WHERE p.follower_count IS NOT NULL AND u.date_joined IS NOT NULL
), ordered AS (
  SELECT post_year, follower_count,
         row_number() OVER (PARTITION BY post_year ORDER BY follower_count) AS position,
         count(*) OVER (PARTITION BY post_year) AS n
  FROM grouped WHERE post_year BETWEEN 2015 AND 2020
)
SELECT post_year, follower_count AS median_follower_count
FROM ordered WHERE 2 * position BETWEEN n AND n + 1 ORDER BY post_year
