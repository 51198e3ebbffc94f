-- deep: what GET /stories?language=ru&limit=50&after=<cursor> reads, the cursor being the
-- (created_at, id) of the 100,000th row of the list (10,000th in --quick).
-- pgbench -D ts=<created_at> -D id=<id>
-- The columns the service reads (not *: the search vector of V015 is not sent).
SELECT id, user_id, title, content, moral, child_id, child_name, child_age, child_gender, child_interests,
       model_used, full_response, generation_info, language, story_length, rating, audio_file_url,
       audio_provider, audio_generation_metadata, thumbnail_url, created_at, updated_at
  FROM tales.stories
 WHERE language = ANY (ARRAY['ru']) AND (created_at, id) < (:ts::timestamptz, :id::uuid)
 ORDER BY language, created_at DESC, id DESC LIMIT 51;
