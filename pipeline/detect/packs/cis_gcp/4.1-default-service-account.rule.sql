-- id: cis_gcp.4.1
-- title: Instances do not use the default compute service account
-- severity: medium
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.1, cis_gcp_v4.0:4.1
-- description: The default compute service account holds the Editor role on the project; an
--   instance running as it can change almost anything in the project once compromised.
-- remediation: Create a dedicated service account with the minimum roles the workload needs and
--   attach it instead (gcloud compute instances set-service-account). GKE nodes are out of scope.
WITH inst AS (
  SELECT i.source_id, i.resource_id, i.name, i.scope, i.zone, i.status,
         EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_labels l
                 WHERE l.source_id = i.source_id AND l.resource_id = i.resource_id AND l.key = 'goog-gke-node') AS gke
  FROM bronze.gcp_compute_instances i
), dsa AS (
  SELECT DISTINCT sa.source_id, sa.resource_id
  FROM bronze.gcp_compute_instance_service_accounts sa
  JOIN bronze.gcp_compute_instances gi ON gi.source_id = sa.source_id AND gi.resource_id = sa.resource_id
  JOIN bronze.gcp_projects p ON p.source_id = gi.source_id AND p.resource_id = gi.scope
  WHERE sa.email = p.project_number || '-compute@developer.gserviceaccount.com'
)
SELECT i.resource_id AS resource,
       CASE WHEN i.gke THEN 'skip' WHEN d.resource_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN i.gke THEN 'GKE node: CIS excludes GKE-managed instances.'
            WHEN d.resource_id IS NOT NULL THEN 'Instance ' || i.name || ' runs as the default compute service account.'
            ELSE 'Instance ' || i.name || ' uses a dedicated service account (or none).' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i LEFT JOIN dsa d ON d.source_id = i.source_id AND d.resource_id = i.resource_id
