-- rare: what GET /stories?language=ru&limit=50&q=маяк reads: a word of one Russian story in
-- 1,024, found through the GIN index (idx_stories_search), its matches sorted newest first.
SELECT id, user_id, title, content, moral, child_id, child_name, child_age, child_gender, child_interests,
       model_used, full_response, generation_info, language, story_length, rating, audio_file_url,
       audio_provider, audio_generation_metadata, thumbnail_url, created_at, updated_at
  FROM tales.stories
 WHERE language = 'ru' AND search_vector @@ websearch_to_tsquery(tales.text_search_config('ru'), 'маяк')
 ORDER BY created_at DESC, id DESC LIMIT 51;
