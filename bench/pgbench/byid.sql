-- byid: what GET /stories/{id} reads, for a random existing story of the seed.
-- pgbench -D stories=<seed size>
\set i random(1, :stories)
SELECT * FROM tales.stories WHERE id = md5('story' || :i)::uuid;
