-- id: exposure.ssh_rdp_db_open_to_internet
-- title: No internet-exposed asset has SSH, RDP or a database port open
-- severity: critical
-- resource_type: cloud_instance
-- frameworks: cis_gcp_v3.0:3.6, cis_gcp_v4.0:3.6
-- description: The asset is reachable from the internet on an admin or database port (22, 3389,
--   3306, 5432, 1433, 6379, 27017, 9200) after firewall priorities and denies are applied.
-- remediation: Close the port to 0.0.0.0/0 (firewall rule, security group), put the service behind
--   a VPN, IAP or bastion, or drop the public IP.
-- param: sensitive_ports = '22,3389,3306,5432,1433,6379,27017,9200'
WITH ports AS (
  SELECT CAST(trim(unnest(string_to_array({{sensitive_ports}}, ','))) AS INTEGER) AS port
), hits AS (
  SELECT DISTINCT x.asset_id, p.port
  FROM silver.exposures x CROSS JOIN ports p
  WHERE x.internet_reachable AND lower(x.protocol) IN ('tcp', 'all', 'any', '6')
    AND p.port BETWEEN x.port_from AND x.port_to
), per_asset AS (
  SELECT asset_id, string_agg('tcp:' || CAST(port AS TEXT), ',' ORDER BY port) AS detail FROM hits GROUP BY asset_id
), exposed AS (
  SELECT DISTINCT asset_id FROM silver.exposures WHERE internet_reachable
)
SELECT COALESCE(a.cloud_instance_id, a.resource_id) AS resource, a.resource_id AS asset_id,
       CASE WHEN h.asset_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN h.asset_id IS NOT NULL THEN COALESCE(a.hostname, a.resource_id) || ' is reachable from the internet on ' || h.detail || '.'
            ELSE 'Exposed, but not on admin or database ports.' END AS reason,
       a.hostname, a.cloud_project AS project, h.detail
FROM exposed e
JOIN silver.assets a ON a.resource_id = e.asset_id
LEFT JOIN per_asset h ON h.asset_id = e.asset_id
