-- byid: what GET /stories/{id} reads, for a random existing story of the seed.
-- pgbench -D stories=<seed size>
-- The columns the service reads (not *: the search vector of V015 is not sent).
\set i random(1, :stories)
SELECT id, user_id, title, content, moral, child_id, child_name, child_age, child_gender, child_interests,
       model_used, full_response, generation_info, language, story_length, rating, audio_file_url,
       audio_provider, audio_generation_metadata, thumbnail_url, created_at, updated_at
  FROM tales.stories WHERE id = md5('story' || :i)::uuid;
