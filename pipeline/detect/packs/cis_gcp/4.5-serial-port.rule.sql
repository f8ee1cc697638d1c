-- id: cis_gcp.4.5
-- title: Connecting to serial ports is not enabled for instances
-- severity: medium
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.5, cis_gcp_v4.0:4.5
-- description: The interactive serial console accepts connections from any IP address and does
--   not honour firewall rules.
-- remediation: Remove the metadata item or set serial-port-enable=FALSE on the instance.
WITH inst AS (
  SELECT i.source_id, i.resource_id, i.name, i.scope, i.zone, i.status,
         EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_labels l
                 WHERE l.source_id = i.source_id AND l.resource_id = i.resource_id AND l.key = 'goog-gke-node') AS gke
  FROM bronze.gcp_compute_instances i
)
SELECT i.resource_id AS resource,
       CASE WHEN EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_metadata m WHERE m.source_id = i.source_id AND m.resource_id = i.resource_id AND m.key = 'serial-port-enable' AND lower(m.value) IN ('true', '1', 'yes', 'y', 'on')) THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_metadata m WHERE m.source_id = i.source_id AND m.resource_id = i.resource_id AND m.key = 'serial-port-enable' AND lower(m.value) IN ('true', '1', 'yes', 'y', 'on')) THEN 'Instance ' || i.name || ' enables the interactive serial console.'
            ELSE 'Serial port access is disabled.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i
