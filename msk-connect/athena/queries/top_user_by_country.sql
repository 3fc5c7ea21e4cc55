-- The poster with the most followers per country (ties: the name that sorts first).
WITH ranked AS (
  SELECT g.country, p.poster_name, p.follower_count,
         row_number() OVER (PARTITION BY g.country ORDER BY p.follower_count DESC, p.poster_name) AS place
  FROM pin_clean p JOIN geo_clean g ON g.ind = p.ind
  WHERE g.country IS NOT NULL AND p.poster_name IS NOT NULL AND p.follower_count IS NOT NULL
)
SELECT country, poster_name, follower_count FROM ranked WHERE place = 1 ORDER BY country
