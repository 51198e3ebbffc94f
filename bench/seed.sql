-- Seeds tales.stories and tales.children for the benchmark (bench/run.sh runs it with psql).
--
--   psql -v stories=1000000 -v children=10000 -v seed_version=N -f bench/seed.sql
--
-- Everything is a set-based statement over generate_series: no row-by-row loop. Each value is
-- a function of the row number i (child j) through hashint8extended(), so a seed of the same
-- size is the same data on every machine, and ids are md5('story' || i)::uuid and
-- md5('child' || j)::uuid: pgbench and wrk address a random existing row without a lookup.
--
-- The text of a story is prose-like: a pool of 3 x 1024 paragraphs, each 120-180 words drawn
-- from a fixed vocabulary of its language (en, ru, es) by a hash of the paragraph and word
-- number; a story is 7 paragraphs of its language picked by a hash of its row number, cut to
-- 2.5-4.5 KB (2,560 to 4,607 bytes of UTF-8, one fewer where the last would split a
-- character). V015's trigger gives each story its search vector as it is inserted, and its
-- GIN index is built once at the end with the others. It compresses roughly like real stories (a small vocabulary, repeated words,
-- no repeated 4 KB block), which matters: content is TOASTed and pglz-compressed like the
-- real thing.
\set ON_ERROR_STOP on
SET client_min_messages = warning;

BEGIN;

-- The service's own tables (Flyway made them); heroes are not part of the benchmark.
TRUNCATE tales.stories, tales.children;

CREATE TABLE IF NOT EXISTS public.bench_seed (
    stories      integer     NOT NULL,
    children     integer     NOT NULL,
    seed_version integer     NOT NULL,
    seeded_at    timestamptz NOT NULL DEFAULT now(),
    seconds      numeric
);
DELETE FROM public.bench_seed;

-- Indexes and the primary and foreign keys are dropped for the load and made again
-- afterwards (one sort per index, one join for the foreign key), which is several times
-- faster than maintaining twelve btrees and an RI trigger row by row. Their definitions are
-- read from the catalog, so whatever the migrations made is what comes back.
CREATE TEMP TABLE bench_constraints ON COMMIT DROP AS
SELECT conname AS name, contype AS type, pg_get_constraintdef(oid) AS def
FROM pg_constraint
WHERE conrelid = 'tales.stories'::regclass AND contype IN ('p', 'u', 'f');

CREATE TEMP TABLE bench_indexes ON COMMIT DROP AS
SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
WHERE i.indrelid = 'tales.stories'::regclass
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid);

SELECT format('ALTER TABLE tales.stories DROP CONSTRAINT %I', name)
FROM bench_constraints ORDER BY type = 'f' DESC \gexec
SELECT format('DROP INDEX tales.%I', name) FROM bench_indexes \gexec

\echo children
-- Children: 2-12 years old, created during the month before the first story.
INSERT INTO tales.children (id, name, age, gender, interests, created_at, updated_at)
SELECT md5('child' || j)::uuid,
       (ARRAY['Alice','Misha','Sofia','Leo','Emma','Ivan','Lucia','Noah','Masha','Mateo',
              'Olivia','Artem','Valeria','Liam','Anya','Pablo','Mia','Sasha','Elena','Oscar'])
           [1 + (hashint8extended(j, 21) & 65535) % 20],
       2 + (hashint8extended(j, 22) & 65535) % 11,
       (ARRAY['girl','boy'])[1 + (hashint8extended(j, 23) & 1)],
       (ARRAY['dragons','space','dinosaurs','princesses','robots','animals','the sea',
              'football','music','magic','trains','painting'])
           [1 + (hashint8extended(j, 24) & 65535) % 12 : 1 + (hashint8extended(j, 24) & 65535) % 12
                                                        + (hashint8extended(j, 25) & 3)],
       ts, ts
FROM generate_series(1, :children) j,
     LATERAL (SELECT timestamptz '2023-12-01 00:00:00+00'
                     + (j - 1) * (interval '30 days' / :children)) t(ts);

\echo paragraph pool
-- The paragraph pool: 1024 paragraphs per language (0-1023 en, 1024-2047 ru, 2048-3071 es).
CREATE TEMP TABLE bench_paragraphs ON COMMIT DROP AS
WITH vocabulary(lang, words) AS (VALUES
    (0, string_to_array(
        'the a little dragon fox bear girl boy forest river moon star sun night day house tree '
        'garden ran jumped sang whispered laughed smiled slept dreamed flew climbed found lost '
        'wanted asked said looked and but so then because when while after before into over '
        'under through with without near far brave kind small big quiet loud gentle clever '
        'happy sad old young golden silver soft warm cold bright dark friend mother father '
        'grandmother sister brother king queen princess castle village mountain sea ship cloud '
        'wind rain snow flower bird cat dog mouse owl rabbit wolf story song light shadow door '
        'window road bridge stone once upon time there was were had his her their it they she '
        'he we you all every morning evening together home again away back very', ' ')),
    (1, string_to_array(
        'жили были маленький дракон лиса медведь девочка мальчик лес река луна звезда солнце '
        'ночь день дом дерево сад побежал прыгнул пел шептал смеялся улыбнулся спал мечтал '
        'летел нашёл потерял хотел спросил сказал посмотрел и но так потом потому когда пока '
        'после перед в над под через с без рядом далеко смелый добрый тихий громкий нежный '
        'умный весёлый грустный старый молодой золотой серебряный мягкий тёплый холодный '
        'яркий тёмный друг мама папа бабушка сестра брат король королева принцесса замок '
        'деревня гора море корабль облако ветер дождь снег цветок птица кот собака мышка сова '
        'заяц волк сказка песня свет тень дверь окно дорога мост камень однажды время там был '
        'была было они она он мы ты все каждый утром вечером вместе домой снова очень', ' ')),
    (2, string_to_array(
        'había una vez el la un una pequeño dragón zorro oso niña niño bosque río luna estrella '
        'sol noche día casa árbol jardín corrió saltó cantó susurró rió sonrió durmió soñó voló '
        'subió encontró perdió quería preguntó dijo miró y pero así entonces porque cuando '
        'mientras después antes sobre bajo con sin cerca lejos valiente amable tranquilo alegre '
        'triste viejo joven dorado plateado suave cálido frío brillante oscuro amigo madre padre '
        'abuela hermana hermano rey reina princesa castillo pueblo montaña mar barco nube viento '
        'lluvia nieve flor pájaro gato perro ratón búho conejo lobo cuento canción luz sombra '
        'puerta ventana camino puente piedra tiempo allí era eran tenía su sus ellos ella él '
        'nosotros todos cada mañana tarde juntos hogar otra vez muy', ' '))
)
SELECT k,
       (SELECT string_agg(v.words[1 + (hashint8extended(k * 4096 + w, 7) & 65535)
                                      % cardinality(v.words)]
                          || CASE WHEN hashint8extended(k * 4096 + w, 8) & 7 = 0 THEN '.' ELSE '' END,
                          ' ' ORDER BY w)
        FROM generate_series(1, 120 + (hashint8extended(k, 9) & 65535) % 61) w) || '.' AS txt
FROM generate_series(0, 3071) k
JOIN vocabulary v ON v.lang = k / 1024;

\echo stories (the long step)
-- The stories. The pool is one bytea plus the start offset of each paragraph: a paragraph
-- is then a substring at a known offset (an int[] subscript is O(1)), where an array of
-- 3072 texts would be walked element by element for every pick.
INSERT INTO tales.stories (id, title, content, moral, child_id, child_name, child_age,
                           child_gender, child_interests, model_used, generation_info, language,
                           story_length, rating, audio_file_url, audio_provider, created_at, updated_at)
WITH pool AS (
    SELECT string_agg(convert_to(txt || E'\n\n', 'UTF8'), ''::bytea ORDER BY k) AS corpus,
           array_agg(start ORDER BY k) || max(start + len) AS starts
    FROM (SELECT k, txt, octet_length(txt) + 2 AS len,
                 (1 + coalesce(sum(octet_length(txt) + 2) OVER (ORDER BY k ROWS BETWEEN UNBOUNDED PRECEDING
                                                                   AND 1 PRECEDING), 0))::integer AS start
          FROM bench_paragraphs) p
),
rows AS (
    SELECT i,
           -- en 50 %, ru 30 %, es 20 %
           CASE WHEN (hashint8extended(i, 1) & 1023) < 512 THEN 0
                WHEN (hashint8extended(i, 1) & 1023) < 819 THEN 1
                ELSE 2 END AS lang,
           CASE WHEN (hashint8extended(i, 2) & 15) < 14
                THEN 1 + (hashint8extended(i, 3) & 1048575) % :children END AS j,
           (2560 + (hashint8extended(i, 4) & 2047))::integer AS bytes,
           -- spread over 2024, about 31.5 s apart for a million, with sub-second jitter
           timestamptz '2024-01-01 00:00:00+00' + (i - 1) * (interval '366 days' / :stories)
               + (hashint8extended(i, 5) & 1048575) * interval '1 microsecond' AS ts
    FROM generate_series(1, :stories) i
)
SELECT md5('story' || r.i)::uuid,
       CASE
           -- one story in 1,024 has a word no other story has: the rare word of the search
           -- figures (about 30 Russian stories of 100,000, 300 of a million)
           WHEN (hashint8extended(r.i, 30) & 1023) = 0 THEN
               (ARRAY['The Lighthouse at the End of the World','Маяк на краю света','El faro del fin del mundo'])
                   [1 + r.lang]
           WHEN r.lang = 0 THEN 'The ' || (ARRAY['Brave','Little','Sleepy','Golden','Curious','Gentle','Clever','Silver'])
                                     [1 + (hashint8extended(r.i, 10) & 7)]
                       || ' ' || (ARRAY['Dragon','Fox','Owl','Star','Bear','Rabbit','Princess','Ship','Moon','Wolf'])
                                     [1 + (hashint8extended(r.i, 11) & 65535) % 10]
           WHEN r.lang = 1 THEN (ARRAY['Сказка о смелом драконе','Лиса и звезда','Сонный медвежонок','Золотой ключик',
                              'Маленькая сова','Серебряный корабль','Добрый волк','Лунный заяц'])
                           [1 + (hashint8extended(r.i, 10) & 7)]
           ELSE (ARRAY['El dragón valiente','La zorra y la estrella','El osito dormilón','La llave dorada',
                       'La pequeña búho','El barco plateado','El lobo amable','El conejo de la luna'])
                    [1 + (hashint8extended(r.i, 10) & 7)]
       END,
       -- the wanted bytes, one fewer when the last would split a two-byte character
       -- (Cyrillic, accented Latin: the corpus has no longer ones)
       convert_from(substring(story.paragraphs FROM 1
                              FOR fit.bytes - (get_byte(story.paragraphs, fit.bytes - 1) BETWEEN 192 AND 223)::integer),
                    'UTF8'),
       CASE r.lang
           WHEN 0 THEN (ARRAY['Courage grows when it is shared.','Kindness always comes back.',
                              'Friends make the dark less scary.','Every small step counts.'])
                           [1 + (hashint8extended(r.i, 12) & 3)]
           WHEN 1 THEN (ARRAY['Смелость растёт, когда ею делишься.','Доброта всегда возвращается.',
                              'С друзьями темнота не страшна.','Каждый маленький шаг важен.'])
                           [1 + (hashint8extended(r.i, 12) & 3)]
           ELSE (ARRAY['El valor crece cuando se comparte.','La bondad siempre vuelve.',
                       'Con amigos la oscuridad asusta menos.','Cada pequeño paso cuenta.'])
                    [1 + (hashint8extended(r.i, 12) & 3)]
       END,
       CASE WHEN r.j IS NOT NULL THEN md5('child' || r.j)::uuid END,
       -- the child snapshot: the same functions of j as the children's rows above
       CASE WHEN r.j IS NOT NULL THEN
           (ARRAY['Alice','Misha','Sofia','Leo','Emma','Ivan','Lucia','Noah','Masha','Mateo',
                  'Olivia','Artem','Valeria','Liam','Anya','Pablo','Mia','Sasha','Elena','Oscar'])
               [1 + (hashint8extended(r.j, 21) & 65535) % 20] END,
       CASE WHEN r.j IS NOT NULL THEN 2 + (hashint8extended(r.j, 22) & 65535) % 11 END,
       CASE WHEN r.j IS NOT NULL THEN (ARRAY['girl','boy'])[1 + (hashint8extended(r.j, 23) & 1)] END,
       CASE WHEN r.j IS NOT NULL THEN
           (ARRAY['dragons','space','dinosaurs','princesses','robots','animals','the sea',
                  'football','music','magic','trains','painting'])
               [1 + (hashint8extended(r.j, 24) & 65535) % 12 : 1 + (hashint8extended(r.j, 24) & 65535) % 12
                                                               + (hashint8extended(r.j, 25) & 3)] END,
       (ARRAY['gpt-4o-mini','gpt-4o','claude-3-5-haiku','gemini-1.5-flash'])[1 + (hashint8extended(r.i, 13) & 3)],
       jsonb_build_object('temperature', 0.7, 'maxTokens', 2000,
                          'promptTokens', 250 + (hashint8extended(r.i, 14) & 255),
                          'completionTokens', r.bytes / 4,
                          'durationMs', 3000 + (hashint8extended(r.i, 15) & 8191)),
       (ARRAY['en','ru','es'])[1 + r.lang],
       3 + (hashint8extended(r.i, 16) & 7),
       CASE WHEN (hashint8extended(r.i, 17) & 65535) % 10 < 4 THEN NULL
            ELSE 1 + (hashint8extended(r.i, 18) & 65535) % 10 END,
       -- nine stories in ten were narrated: their audio's URL as the service keeps it (the
       -- public URL with the file's version), which it signs in every response by default
       CASE WHEN (hashint8extended(r.i, 19) & 65535) % 10 < 9 THEN
           'http://127.0.0.1:8080/storage/v1/object/public/tales/stories/' || md5('story' || r.i)::uuid
               || '/story.mp3?v=' || to_hex(hashint8extended(r.i, 20) & 281474976710655) END,
       CASE WHEN (hashint8extended(r.i, 19) & 65535) % 10 < 9 THEN 'elevenlabs' END,
       r.ts, r.ts
FROM rows r
CROSS JOIN pool
CROSS JOIN LATERAL (SELECT r.lang * 1024 + (hashint8extended(r.i, 101) & 1023)::integer,
                           r.lang * 1024 + (hashint8extended(r.i, 102) & 1023)::integer,
                           r.lang * 1024 + (hashint8extended(r.i, 103) & 1023)::integer,
                           r.lang * 1024 + (hashint8extended(r.i, 104) & 1023)::integer,
                           r.lang * 1024 + (hashint8extended(r.i, 105) & 1023)::integer,
                           r.lang * 1024 + (hashint8extended(r.i, 106) & 1023)::integer,
                           r.lang * 1024 + (hashint8extended(r.i, 107) & 1023)::integer) picks(p1, p2, p3, p4, p5, p6, p7)
CROSS JOIN LATERAL (SELECT substring(pool.corpus FROM pool.starts[1 + p1] FOR pool.starts[2 + p1] - pool.starts[1 + p1])
                           || substring(pool.corpus FROM pool.starts[1 + p2] FOR pool.starts[2 + p2] - pool.starts[1 + p2])
                           || substring(pool.corpus FROM pool.starts[1 + p3] FOR pool.starts[2 + p3] - pool.starts[1 + p3])
                           || substring(pool.corpus FROM pool.starts[1 + p4] FOR pool.starts[2 + p4] - pool.starts[1 + p4])
                           || substring(pool.corpus FROM pool.starts[1 + p5] FOR pool.starts[2 + p5] - pool.starts[1 + p5])
                           || substring(pool.corpus FROM pool.starts[1 + p6] FOR pool.starts[2 + p6] - pool.starts[1 + p6])
                           || substring(pool.corpus FROM pool.starts[1 + p7] FOR pool.starts[2 + p7] - pool.starts[1 + p7])) story(paragraphs)
CROSS JOIN LATERAL (SELECT least(r.bytes, octet_length(story.paragraphs))) fit(bytes);

\echo primary key, foreign key and indexes
SELECT format('ALTER TABLE tales.stories ADD CONSTRAINT %I %s', name, def)
FROM bench_constraints ORDER BY type = 'f' \gexec
SELECT def FROM bench_indexes \gexec

INSERT INTO public.bench_seed (stories, children, seed_version) VALUES (:stories, :children, :seed_version);

COMMIT;
