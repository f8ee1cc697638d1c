-- id: exposure.vng_secgroup_open_admin_ports
-- title: VNG security groups do not open admin or database ports to the internet
-- severity: high
-- resource_type: vng_secgroup
-- frameworks: cis_controls_v8:4.4
-- description: An ingress rule from 0.0.0.0/0 or ::/0 that covers SSH, RDP or a database port
--   (3306, 5432, 1433, 27017) exposes every server in the group to the whole internet. A rule with
--   protocol "any", or without a port range, opens every port.
-- remediation: Restrict the rule's remote prefix to administration networks or a bastion's group,
--   or remove the rule.
-- param: admin_ports = '22,3389,3306,5432,1433,27017'
WITH ports AS (
  SELECT CAST(trim(unnest(string_to_array({{admin_ports}}, ','))) AS INTEGER) AS port
), hits AS (
  SELECT r.source_id, r.resource_id, p.port
  FROM bronze.vng_secgroup_rules r CROSS JOIN ports p
  WHERE lower(r.direction) = 'ingress'
    AND r.remote_ip_prefix IN ('0.0.0.0/0', '::/0')
    AND lower(COALESCE(r.protocol, 'any')) IN ('tcp', 'any')
    AND (lower(COALESCE(r.protocol, 'any')) = 'any'
         OR (COALESCE(r.port_range_min, 0) = 0 AND COALESCE(r.port_range_max, 0) = 0)
         OR p.port BETWEEN r.port_range_min AND r.port_range_max)
), open_groups AS (
  SELECT source_id, resource_id, string_agg('tcp:' || CAST(port AS TEXT), ',' ORDER BY port) AS detail
  FROM (SELECT DISTINCT source_id, resource_id, port FROM hits) h
  GROUP BY source_id, resource_id
)
SELECT g.resource_id AS resource,
       CASE WHEN o.resource_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN o.resource_id IS NOT NULL THEN 'Security group ' || g.name || ' opens ' || o.detail || ' to the internet.'
            ELSE 'No admin or database port is open to the internet.' END AS reason,
       g.project_id AS project, g.name AS secgroup, o.detail
FROM bronze.vng_secgroups g
LEFT JOIN open_groups o ON o.source_id = g.source_id AND o.resource_id = g.resource_id
