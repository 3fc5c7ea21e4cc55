-- Most popular category per country (ties: the category that sorts first). Pin joined with geo.
WITH counted AS (
  SELECT g.country, p.category, count(*) AS category_count
  FROM pin_clean p JOIN geo_clean g ON g.ind = p.ind
  WHERE g.country IS NOT NULL AND p.category IS NOT NULL
  GROUP BY g.country, p.category
), ranked AS (
  SELECT country, category, category_count,
         row_number() OVER (PARTITION BY country ORDER BY category_count DESC, category) AS place
  FROM counted
)
SELECT country, category, category_count FROM ranked WHERE place = 1 ORDER BY country
