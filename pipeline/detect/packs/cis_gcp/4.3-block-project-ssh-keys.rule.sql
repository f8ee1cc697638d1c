-- id: cis_gcp.4.3
-- title: Block project-wide SSH keys is enabled for instances
-- severity: medium
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.3, cis_gcp_v4.0:4.3
-- description: Project-wide SSH keys work on every instance of the project; one leaked key opens
--   them all. Instances should accept only their own keys (or OS Login).
-- remediation: Set instance metadata block-project-ssh-keys=TRUE
--   (gcloud compute instances add-metadata INSTANCE --metadata block-project-ssh-keys=TRUE).
WITH inst AS (
  SELECT i.source_id, i.resource_id, i.name, i.scope, i.zone, i.status,
         EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_labels l
                 WHERE l.source_id = i.source_id AND l.resource_id = i.resource_id AND l.key = 'goog-gke-node') AS gke
  FROM bronze.gcp_compute_instances i
)
SELECT i.resource_id AS resource,
       CASE WHEN i.gke THEN 'skip' WHEN EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_metadata m WHERE m.source_id = i.source_id AND m.resource_id = i.resource_id AND m.key = 'block-project-ssh-keys' AND lower(m.value) IN ('true', '1', 'yes', 'y', 'on')) THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN i.gke THEN 'GKE node: CIS excludes GKE-managed instances.'
            WHEN EXISTS (SELECT 1 FROM bronze.gcp_compute_instance_metadata m WHERE m.source_id = i.source_id AND m.resource_id = i.resource_id AND m.key = 'block-project-ssh-keys' AND lower(m.value) IN ('true', '1', 'yes', 'y', 'on')) THEN 'Project-wide SSH keys are blocked.'
            ELSE 'Instance ' || i.name || ' accepts project-wide SSH keys.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM inst i
