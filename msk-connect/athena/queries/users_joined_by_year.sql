-- User rows per year of date_joined, 2015-2020 (one per post, as in the original notebooks).
SELECT CAST(substr(u.date_joined, 1, 4) AS INTEGER) AS post_year, count(*) AS number_users_joined
FROM pin_clean p JOIN user_clean u ON u.ind = p.ind
WHERE u.date_joined IS NOT NULL AND CAST(substr(u.date_joined, 1, 4) AS INTEGER) BETWEEN 2015 AND 2020
GROUP BY CAST(substr(u.date_joined, 1, 4) AS INTEGER)
ORDER BY post_year
