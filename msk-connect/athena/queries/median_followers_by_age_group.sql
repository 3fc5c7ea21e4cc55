-- Lower median of follower_count per age group: the value at position ceil(n/2) in sorted order
-- (written as 2 * position BETWEEN n AND n + 1, which needs no division: engines differ on it).
WITH grouped AS (
  SELECT CASE WHEN u.age < 18 THEN NULL WHEN u.age <= 24 THEN '18-24' WHEN u.age <= 35 THEN '25-35' WHEN u.age <= 50 THEN '36-50' ELSE '50+' END AS age_group, p.follower_count
  FROM pin_clean p JOIN user_clean u ON u.ind = p.ind
  WHERE p.follower_count IS NOT NULL
), ordered AS (
  SELECT age_group, follower_count,
         row_number() OVER (PARTITION BY age_group ORDER BY follower_count) AS position,
         count(*) OVER (PARTITION BY age_group) AS n
  FROM grouped WHERE age_group IS NOT NULL
)
SELECT age_group, follower_count AS median_follower_count
FROM ordered WHERE 2 * position BETWEEN n AND n + 1 ORDER BY age_group
