-- sparse: what GET /stories?language=ru&limit=50&fields=id,title,language,rating,createdAt
-- needs at least: the five columns, not the 4 KB content.
SELECT id, created_at, title, language, rating FROM tales.stories
 WHERE language = ANY (ARRAY['ru']) ORDER BY language, created_at DESC, id DESC LIMIT 51;
