-- Data, views, triggers and PRAGMAs are passed over.
CREATE TABLE log (id INTEGER PRIMARY KEY, msg TEXT, at TEXT DEFAULT CURRENT_TIMESTAMP);
INSERT INTO log (msg) VALUES ('a'), ('b; c');
UPDATE log SET msg = upper(msg);
CREATE VIEW recent AS SELECT * FROM log ORDER BY id DESC LIMIT 10;
CREATE TRIGGER IF NOT EXISTS log_touch AFTER UPDATE ON log BEGIN
    UPDATE log SET at = CURRENT_TIMESTAMP WHERE id = NEW.id;
END;
PRAGMA user_version = 7;
CREATE TABLE after_all (id INTEGER);
