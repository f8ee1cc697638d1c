-- id: cis_gcp.3.7
-- title: RDP access from the internet is restricted
-- severity: high
-- resource_type: gcp_firewall
-- frameworks: cis_gcp_v3.0:3.7, cis_gcp_v4.0:3.7
-- description: An enabled ingress allow rule from 0.0.0.0/0 that opens TCP 3389 (RDP) exposes every
--   instance it targets to password guessing and exploitation from the whole internet.
-- remediation: Restrict the rule's source ranges to known administration networks or use
--   Identity-Aware Proxy TCP forwarding (35.235.240.0/20), then remove 0.0.0.0/0.
WITH open_rules AS (
  SELECT f.source_id, f.resource_id FROM bronze.gcp_compute_firewalls f
  WHERE COALESCE(f.disabled, FALSE) = FALSE AND f.direction = 'INGRESS'
    AND CAST(f.source_ranges_json AS TEXT) LIKE '%"0.0.0.0/0"%'
  AND EXISTS (
    SELECT 1 FROM bronze.gcp_compute_firewall_allowed a
    WHERE a.source_id = f.source_id AND a.resource_id = f.resource_id
      AND lower(a.ip_protocol) IN ('tcp', 'all', '6')
      AND (COALESCE(a.ports, '') = '' OR EXISTS (
        SELECT 1 FROM (SELECT trim(unnest(string_to_array(a.ports, ','))) AS p) x
        WHERE CAST(NULLIF(split_part(x.p, '-', 1), '') AS INTEGER) <= 3389
          AND CAST(NULLIF(COALESCE(NULLIF(split_part(x.p, '-', 2), ''), split_part(x.p, '-', 1)), '') AS INTEGER) >= 3389)))
)
SELECT f.resource_id AS resource,
       CASE WHEN o.resource_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN o.resource_id IS NOT NULL THEN 'Firewall rule ' || f.name || ' allows TCP 3389 from 0.0.0.0/0.'
            ELSE 'Firewall rule ' || f.name || ' does not open TCP 3389 to the internet.' END AS reason,
       f.scope AS project, f.network, f.name AS firewall
FROM bronze.gcp_compute_firewalls f
LEFT JOIN open_rules o ON o.source_id = f.source_id AND o.resource_id = f.resource_id
