-- id: cis_gcp.4.2
-- title: Instances do not use the default service account with full access to all Cloud APIs
-- severity: high
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.2, cis_gcp_v4.0:4.2
-- description: The default compute service account with the cloud-platform scope gives any
--   process on the instance Editor rights on every API of the project.
-- remediation: Attach a dedicated service account, or at least restrict the access scopes of the
--   default one. GKE nodes are out of scope.
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
    AND CAST(sa.scopes_json AS TEXT) LIKE '%"https://www.googleapis.com/auth/cloud-platform"%'
)
SELECT i.resource_id AS resource,
       CASE WHEN i.gke THEN 'skip' WHEN d.resource_id IS NOT NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN i.gke THEN 'GKE node: CIS excludes GKE-managed instances.'
            WHEN d.resource_id IS NOT NULL THEN 'Instance ' || i.name || ' runs as the default service account with the cloud-platform scope.'
            ELSE 'Instance ' || i.name || ' does not combine the default service account with full API access.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i LEFT JOIN dsa d ON d.source_id = i.source_id AND d.resource_id = i.resource_id
