# Sourced by the benchmarks: prints SQL that adds $1 evidence notes (EV-1 …) linked round-robin to
# the adopted controls in control order (the unfavourable layout) and marks every control
# implemented. SQLite only.
synthetic_evidence_sql() {
  cat <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO evidence (id, kind, sha256, filename, size, url, note, source, review, collected_at,
                      valid_until, created_by, created_at)
SELECT 'EV-' || i, 'note', NULL, '', 0, '', 'synthetic', 'bench', 'accepted', 1790000000,
       1890000000, 'bench', 1790000000 FROM n;
INSERT INTO evidence_links (evidence_id, control_id)
SELECT e.id, c.id FROM evidence e
JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, COUNT(*) OVER () AS total FROM controls) c
  ON c.k = CAST(substr(e.id, 4) AS INTEGER) % c.total;
UPDATE controls SET implementation = 'implemented';
SQL
}
