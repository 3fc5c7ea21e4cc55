-- The country whose top poster has the most followers (ties: the country that sorts first).
WITH top_posters AS (
  SELECT g.country, max(p.follower_count) AS follower_count
  FROM pin_clean p JOIN geo_clean g ON g.ind = p.ind
  WHERE g.country IS NOT NULL AND p.poster_name IS NOT NULL AND p.follower_count IS NOT NULL
  GROUP BY g.country
), ranked AS (
  SELECT country, follower_count, row_number() OVER (ORDER BY follower_count DESC, country) AS place
  FROM top_posters
)
SELECT country, follower_count FROM ranked WHERE place = 1
