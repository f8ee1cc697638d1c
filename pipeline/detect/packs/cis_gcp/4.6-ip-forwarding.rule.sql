-- id: cis_gcp.4.6
-- title: IP forwarding is not enabled on instances
-- severity: medium
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.6, cis_gcp_v4.0:4.6
-- description: An instance that may forward packets with foreign source addresses can route
--   around network controls and spoof traffic.
-- remediation: Recreate the instance with canIpForward=false (it cannot be changed in place).
--   GKE nodes need forwarding and are out of scope.
WITH inst AS (
  SELECT i.source_id, i.resource_id, i.name, i.scope, i.zone, i.status,
         EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_labels l
                 WHERE l.source_id = i.source_id AND l.resource_id = i.resource_id AND l.key = 'goog-gke-node') AS gke
  FROM bronze.gcp_compute_instances i
)
SELECT i.resource_id AS resource,
       CASE WHEN i.gke THEN 'skip' WHEN COALESCE(b.can_ip_forward, FALSE) THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN i.gke THEN 'GKE node: CIS excludes GKE-managed instances.'
            WHEN COALESCE(b.can_ip_forward, FALSE) THEN 'Instance ' || i.name || ' has IP forwarding enabled.'
            ELSE 'IP forwarding is disabled.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i JOIN bronze.gcp_compute_instances b ON b.source_id = i.source_id AND b.resource_id = i.resource_id
