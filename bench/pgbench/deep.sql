-- deep: what GET /stories?language=ru&limit=50&after=<cursor> reads, the cursor being the
-- (created_at, id) of the 100,000th row of the list (10,000th in --quick).
-- pgbench -D ts=<created_at> -D id=<id>
SELECT * FROM tales.stories
 WHERE language = 'ru' AND (created_at, id) < (:ts::timestamptz, :id::uuid)
 ORDER BY created_at DESC, id DESC LIMIT 51;
