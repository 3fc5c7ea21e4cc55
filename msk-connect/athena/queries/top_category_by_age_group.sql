-- Most popular category per age group (ages under 18 are in no group). Pin joined with user.
WITH grouped AS (
  SELECT CASE WHEN u.age < 18 THEN NULL WHEN u.age <= 24 THEN '18-24' WHEN u.age <= 35 THEN '25-35' WHEN u.age <= 50 THEN '36-50' ELSE '50+' END AS age_group, p.category
  FROM pin_clean p JOIN user_clean u ON u.ind = p.ind
  WHERE p.category IS NOT NULL
), counted AS (
  SELECT age_group, category, count(*) AS category_count
  FROM grouped WHERE age_group IS NOT NULL
  GROUP BY age_group, category
), ranked AS (
  SELECT age_group, category, category_count,
         row_number() OVER (PARTITION BY age_group ORDER BY category_count DESC, category) AS place
  FROM counted
)
SELECT age_group, category, category_count FROM ranked WHERE place = 1 ORDER BY age_group
