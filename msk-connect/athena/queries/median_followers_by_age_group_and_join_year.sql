-- Lower median of follower_count per age group and year of date_joined, 2015-2020.
WITH grouped AS (
  SELECT CASE WHEN u.age < 18 THEN NULL WHEN u.age <= 24 THEN '18-24' WHEN u.age <= 35 THEN '25-35' WHEN u.age <= 50 THEN '36-50' ELSE '50+' END AS age_group, CAST(substr(u.date_joined, 1, 4) AS INTEGER) AS post_year, p.follower_count
  FROM pin_clean p JOIN user_clean u ON u.ind = p.ind
  WHERE p.follower_count IS NOT NULL AND u.date_joined IS NOT NULL
), ordered AS (
  SELECT age_group, post_year, follower_count,
         row_number() OVER (PARTITION BY age_group, post_year ORDER BY follower_count) AS position,
         count(*) OVER (PARTITION BY age_group, post_year) AS n
  FROM grouped WHERE age_group IS NOT NULL AND post_year BETWEEN 2015 AND 2020
)
SELECT age_group, post_year, follower_count AS median_follower_count
FROM ordered WHERE 2 * position BETWEEN n AND n + 1 ORDER BY age_group, post_year
