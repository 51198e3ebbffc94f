-- insert: what POST /stories writes for the body of bench/run.sh (same fields and values;
-- id, created_at and updated_at come from the defaults). model_used = 'bench-insert' marks
-- the rows that run.sh deletes after each run. RETURNING id, as the service asks for only
-- the new id (RETURNING * would send the search vector of V015 too).
-- pgbench -D content=<the same ~4 KB text as the HTTP body>
INSERT INTO tales.stories (title, content, moral, child_name, child_age, child_gender,
                           child_interests, language, model_used, generation_info)
VALUES ('The Brave Little Dragon', :content, 'Courage grows when it is shared.', 'Alice', 6, 'girl',
        '{dragons,space}', 'en', 'bench-insert',
        '{"temperature": 0.7, "maxTokens": 2000, "promptTokens": 312, "completionTokens": 1024, "durationMs": 5234}')
RETURNING id;
