-- list: what GET /stories?language=ru&limit=50 reads (the service reads limit + 1 rows to
-- know whether a next page exists).
SELECT * FROM tales.stories WHERE language = 'ru' ORDER BY created_at DESC, id DESC LIMIT 51;
