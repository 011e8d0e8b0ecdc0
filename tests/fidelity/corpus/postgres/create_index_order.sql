-- DESC, ASC, NULLS FIRST / LAST.
CREATE TABLE scores (id int, points int, at timestamptz, name text);
CREATE INDEX scores_points_desc ON scores (points DESC);
CREATE INDEX scores_mixed ON scores (points DESC NULLS LAST, at ASC NULLS FIRST, name ASC);
CREATE INDEX scores_desc_nulls_first ON scores (at DESC NULLS FIRST);
CREATE INDEX scores_asc_nulls_last ON scores (name NULLS LAST);
