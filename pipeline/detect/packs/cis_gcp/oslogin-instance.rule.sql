-- id: gcp.instance_oslogin_disabled
-- title: OS Login is effective on each instance
-- severity: medium
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.4, cis_gcp_v4.0:4.4
-- description: Instance metadata overrides the project: an instance with enable-oslogin=FALSE (or
--   in a project without OS Login and no instance setting) still accepts metadata SSH keys.
-- remediation: Remove the instance-level enable-oslogin override, or set it to TRUE.
WITH inst AS (
  SELECT i.source_id, i.resource_id, i.name, i.scope, i.zone, i.status,
         EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_labels l
                 WHERE l.source_id = i.source_id AND l.resource_id = i.resource_id AND l.key = 'goog-gke-node') AS gke
  FROM bronze.gcp_compute_instances i
), eff AS (
  SELECT i.source_id, i.resource_id,
         COALESCE(
           (SELECT m.value FROM bronze.gcp_compute_instance_metadata m
            WHERE m.source_id = i.source_id AND m.resource_id = i.resource_id AND m.key = 'enable-oslogin'),
           (SELECT pm.value FROM bronze.gcp_project_metadata pm
            WHERE pm.source_id = i.source_id AND pm.resource_id = i.scope AND pm.key = 'enable-oslogin')) AS v
  FROM inst i
)
SELECT i.resource_id AS resource,
       CASE WHEN i.gke THEN 'skip' WHEN lower(COALESCE(e.v, '')) IN ('true', '1', 'yes', 'y', 'on') THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN i.gke THEN 'GKE node: OS Login is managed by GKE.'
            WHEN lower(COALESCE(e.v, '')) IN ('true', '1', 'yes', 'y', 'on') THEN 'OS Login is effective.'
            ELSE 'Instance ' || i.name || ' does not enforce OS Login (effective value: ' || COALESCE(e.v, 'unset') || ').' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i JOIN eff e ON e.source_id = i.source_id AND e.resource_id = i.resource_id
