-- search: what GET /stories?language=ru&limit=50&q=дракон reads (with language=, the query
-- is parsed in that language's configuration only; a word of nearly every Russian story, so
-- the planner walks the language's newest-first index and checks each story's vector).
SELECT id, user_id, title, content, moral, child_id, child_name, child_age, child_gender, child_interests,
       model_used, full_response, generation_info, language, story_length, rating, audio_file_url,
       audio_provider, audio_generation_metadata, thumbnail_url, created_at, updated_at
  FROM tales.stories
 WHERE language = 'ru' AND search_vector @@ websearch_to_tsquery(tales.text_search_config('ru'), 'дракон')
 ORDER BY created_at DESC, id DESC LIMIT 51;
