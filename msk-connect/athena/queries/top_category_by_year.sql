-- Most popular category per year of the post's timestamp, 2018-2022 (ties: first by name).
WITH counted AS (
  SELECT CAST(substr(g."timestamp", 1, 4) AS INTEGER) AS post_year, p.category, count(*) AS category_count
  FROM pin_clean p JOIN geo_clean g ON g.ind = p.ind
  WHERE g."timestamp" IS NOT NULL AND p.category IS NOT NULL
    AND CAST(substr(g."timestamp", 1, 4) AS INTEGER) BETWEEN 2018 AND 2022
  GROUP BY CAST(substr(g."timestamp", 1, 4) AS INTEGER), p.category
), ranked AS (
  SELECT post_year, category, category_count,
         row_number() OVER (PARTITION BY post_year ORDER BY category_count DESC, category) AS place
  FROM counted
)
SELECT post_year, category, category_count FROM ranked WHERE place = 1 ORDER BY post_year
