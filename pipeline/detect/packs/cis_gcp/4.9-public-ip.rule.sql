-- id: cis_gcp.4.9
-- title: Compute instances do not have public IP addresses
-- severity: high
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.9, cis_gcp_v4.0:4.9
-- description: An external IP puts the instance one firewall mistake away from the internet.
--   Use Cloud NAT for egress and load balancers or IAP for ingress.
-- remediation: Remove the access config (gcloud compute instances delete-access-config INSTANCE
--   --access-config-name "External NAT"). GKE nodes are out of scope.
WITH inst AS (
  SELECT i.source_id, i.resource_id, i.name, i.scope, i.zone, i.status,
         EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_labels l
                 WHERE l.source_id = i.source_id AND l.resource_id = i.resource_id AND l.key = 'goog-gke-node') AS gke
  FROM bronze.gcp_compute_instances i
), pub AS (
  SELECT DISTINCT source_id, resource_id FROM bronze.gcp_compute_instance_nic_access_configs
)
SELECT i.resource_id AS resource,
       CASE WHEN i.gke THEN 'skip' WHEN p.resource_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN i.gke THEN 'GKE node: CIS excludes GKE-managed instances.'
            WHEN p.resource_id IS NOT NULL THEN 'Instance ' || i.name || ' has an external IP address.'
            ELSE 'No external IP address.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i LEFT JOIN pub p ON p.source_id = i.source_id AND p.resource_id = i.resource_id
