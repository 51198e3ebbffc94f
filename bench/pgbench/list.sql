-- list: what GET /stories?language=ru&limit=50 reads (the service reads limit + 1 rows to
-- know whether a next page exists).
-- The columns the service reads (not *: the search vector of V015 is not sent), and its
-- form of the filter: = ANY (ARRAY[...]) with the language leading the order, so that the
-- page comes from idx_stories_language_newest (KeysetPager.leadingFilter says why).
SELECT id, user_id, title, content, moral, child_id, child_name, child_age, child_gender, child_interests,
       model_used, full_response, generation_info, language, story_length, rating, audio_file_url,
       audio_provider, audio_generation_metadata, thumbnail_url, created_at, updated_at
  FROM tales.stories WHERE language = ANY (ARRAY['ru']) ORDER BY language, created_at DESC, id DESC LIMIT 51;
