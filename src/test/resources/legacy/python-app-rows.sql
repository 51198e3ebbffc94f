-- Rows as the original Python Tale Generator wrote them through the Supabase client into
-- the hand-made schema: ids from gen_random_uuid(), timestamps sent by the app or taken
-- from the column defaults, JSON answers of the language model as they came back, stories
-- in English and Russian, some rated, one with narration in the old audio_url column.

INSERT INTO tales.children (name, age, gender, interests, created_at, updated_at) VALUES
    ('Alice', 7, 'female', ARRAY['dinosaurs', 'space', 'painting'],
        '2025-01-10 08:00:00.123456+00', '2025-01-10 08:00:00.123456+00'),
    ('Маша', 5, 'female', ARRAY['котики', 'рисование', 'принцессы'],
        '2025-02-01 19:45:12.5+03', '2025-03-15 20:01:02.000001+03'),
    ('Tom', 9, 'male', ARRAY['football', 'robots'],
        '2025-02-20 07:30:00+00', '2025-02-20 07:30:00+00');
-- a profile saved without timestamps or interests: the defaults fill in
INSERT INTO tales.children (name, age, gender, interests) VALUES ('Sam', 4, 'other', '{}');

INSERT INTO tales.heroes (name, gender, appearance, personality_traits, interests, strengths, language,
        created_at, updated_at) VALUES
    ('Captain Comet', 'male', 'A small astronaut in a silver suit with a long red scarf',
        ARRAY['brave', 'curious', 'kind'], ARRAY['stars', 'rockets'], ARRAY['flying', 'fixing things'], 'en',
        '2025-01-05 12:00:00.000001+00', '2025-01-06 09:10:11.121314+00'),
    ('Ёжик Колючка', 'male', 'Маленький ёжик в зелёной шапочке с пёрышком',
        ARRAY['смелый', 'добрый'], ARRAY['лес', 'грибы'], ARRAY['находчивость'], 'ru',
        '2025-02-02 18:00:00+03', '2025-02-02 18:00:00+03');
INSERT INTO tales.heroes (name, gender, appearance, personality_traits, interests, strengths)
    VALUES ('Luna', 'female', 'A silver-haired girl with a paper lantern', ARRAY['gentle'], '{}',
        ARRAY['seeing in the dark']);

-- written before model tracking existed: no model, no JSON, English by the column default
INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender, child_interests,
        created_at, updated_at) VALUES
    ('Alice and the Sleepy Volcano', 'Once upon a time, a little volcano could not fall asleep...',
        'Everyone needs rest, even volcanoes.', 'Alice', 6, 'female', ARRAY['dinosaurs', 'space'],
        '2024-12-24 20:15:00.5+00', '2024-12-24 20:15:00.5+00');

INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender, child_interests,
        model_used, full_response, generation_info, language, rating, created_at, updated_at) VALUES
    ('Alice and the Star Dinosaur',
        E'Once upon a time, far above the clouds, lived a dinosaur made of stars.\n\nAlice waved to it every night.',
        'Kindness shines brighter than any star.', 'Alice', 7, 'female', ARRAY['dinosaurs', 'space', 'painting'],
        'openai/gpt-4o-mini',
        '{"id": "gen-1736671234-Xk2", "model": "openai/gpt-4o-mini", "object": "chat.completion",
          "created": 1736671234,
          "choices": [{"index": 0, "finish_reason": "stop",
                       "message": {"role": "assistant", "content": "Title: Alice and the Star Dinosaur\n\nOnce upon a time..."}}],
          "usage": {"prompt_tokens": 412, "completion_tokens": 1187, "total_tokens": 1599}}',
        '{"model": "openai/gpt-4o-mini", "temperature": 0.7, "max_tokens": 2000, "retries": 0,
          "attempts": [{"attempt": 1, "duration_ms": 8123.45, "ok": true}]}',
        'en', 8, '2025-01-12 19:02:03.456789+00', '2025-01-13 07:00:00+00'),
    ('Маша и волшебный котёнок',
        E'Жила-была девочка Маша, и был у неё котёнок, который умел рисовать радугу.\n\nКонец.',
        'Настоящая дружба творит чудеса.', 'Маша', 5, 'female', ARRAY['котики', 'рисование'],
        'anthropic/claude-3.5-sonnet',
        '{"id": "gen-1738425600-ru1", "model": "anthropic/claude-3.5-sonnet",
          "choices": [{"message": {"role": "assistant", "content": "Название: Маша и волшебный котёнок"}}],
          "usage": {"prompt_tokens": 530, "completion_tokens": 1420, "total_tokens": 1950}}',
        '{"model": "anthropic/claude-3.5-sonnet", "temperature": 0.80, "language": "ru",
          "seed": 12345678901234567890, "prompt_version": "v2"}',
        'ru', 10, '2025-02-01 20:00:00.000001+03', '2025-02-01 20:00:00.000001+03');

-- narrated: the app kept the audio's public URL in audio_url
INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender, child_interests,
        model_used, generation_info, language, audio_provider, audio_url, created_at, updated_at) VALUES
    ('Колыбельная для Маши', 'Спи, моя радость, усни. В доме погасли огни...', 'Сон приносит силы.',
        'Маша', 5, 'female', ARRAY['принцессы'], 'openai/gpt-4o',
        '{"model": "openai/gpt-4o", "temperature": 0.5, "voice": {"provider": "elevenlabs", "voice_id": "EXAVITQu4vr4xnSDxMaL"}}',
        'ru', 'elevenlabs',
        'https://abcdefghijklmnop.supabase.co/storage/v1/object/public/tales/stories/0b1c2d3e/lullaby.mp3',
        '2025-03-15 21:30:45.25+03', '2025-03-15 21:31:50.75+03');

INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender, child_interests,
        model_used, full_response, generation_info, language, rating, created_at, updated_at) VALUES
    ('Том и робот-вратарь', 'Том построил робота, который ловил любые мячи...', 'Команда сильнее одного.',
        'Tom', 9, 'male', ARRAY['football', 'robots'], 'openai/gpt-4o-mini',
        '"Том построил робота, который ловил любые мячи..."',
        '[{"step": "outline", "tokens": 120}, {"step": "draft", "tokens": 1310}, {"step": "polish", "tokens": null}]',
        'ru', 3, '2025-02-25 08:00:00+00', '2025-02-26 08:00:00+00'),
    ('Tom''s "Rainy" Match', E'It rained on the day of the big match. Tom smiled anyway \u2014 and scored! \U0001F3C6',
        'A smile can change the weather inside you.', 'Tom', 9, 'male', '{}', 'openai/gpt-4o-mini',
        '{"choices": [], "usage": {}, "note": "empty answer retried", "nested": {"a": {"b": {"c": [1, 2.50, -3e2]}}}}',
        '{}', 'en', NULL, '2025-03-01 10:00:00+00', '2025-03-01 10:00:00+00');
