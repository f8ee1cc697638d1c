-- id: eol.os_end_of_life
-- title: Assets run an operating system that is still supported
-- severity: high
-- resource_type: asset
-- frameworks: cis_controls_v8:2.2
-- description: The asset's OS release is past its end of (security) support according to the
--   end-of-life reference (endoflife.date, or the bundled snapshot offline): it gets no patches.
--   Releases that end within warn_days are reported as info.
-- remediation: Upgrade to a supported release, or replace the machine.
-- param: warn_days = 90
-- The longest matching pattern wins (e.g. "windows server 2019%" over "windows%").
WITH os AS (
  SELECT a.resource_id, a.hostname, a.os_name, a.os_version,
         lower(COALESCE(a.os_name, '') || ' ' || COALESCE(a.os_version, '')) AS os
  FROM silver.assets a WHERE a.os_name IS NOT NULL
), matched AS (
  SELECT os.resource_id, c.product, c.cycle, c.eol_date, c.eol_reached,
         row_number() OVER (PARTITION BY os.resource_id ORDER BY length(c.match_like) DESC, c.cycle DESC) AS rk
  FROM os JOIN bronze.eol_cycles c ON os.os LIKE c.match_like
)
SELECT os.resource_id AS resource, os.resource_id AS asset_id,
       CASE WHEN m.product IS NULL THEN 'skip'
            WHEN COALESCE(m.eol_reached, FALSE) OR m.eol_date <= {{now}} THEN 'alarm'
            WHEN m.eol_date <= {{now}} + {{warn_days}} * INTERVAL '1 day' THEN 'info'
            ELSE 'ok' END AS status,
       CASE WHEN m.product IS NULL THEN 'No end-of-life data for ' || os.os_name || ' ' || COALESCE(os.os_version, '') || '.'
            WHEN COALESCE(m.eol_reached, FALSE) OR m.eol_date <= {{now}}
            THEN os.os_name || ' ' || COALESCE(os.os_version, '') || ' reached end of life' || COALESCE(' on ' || CAST(CAST(m.eol_date AS DATE) AS TEXT), '') || '.'
            WHEN m.eol_date IS NULL THEN 'No end of life announced.'
            ELSE 'Supported until ' || CAST(CAST(m.eol_date AS DATE) AS TEXT) || '.' END AS reason,
       os.hostname, os.os_name, os.os_version, m.product, m.cycle, CAST(CAST(m.eol_date AS DATE) AS TEXT) AS eol_date
FROM os LEFT JOIN matched m ON m.resource_id = os.resource_id AND m.rk = 1
