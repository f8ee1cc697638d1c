-- id: cis_gcp.4.4
-- title: OS Login is enabled for the project
-- severity: medium
-- resource_type: gcp_project
-- frameworks: cis_gcp_v3.0:4.4, cis_gcp_v4.0:4.4
-- description: OS Login ties SSH access to IAM identities (with 2FA and revocation) instead of
--   unmanaged keys in metadata.
-- remediation: Set project metadata enable-oslogin=TRUE
--   (gcloud compute project-info add-metadata --metadata enable-oslogin=TRUE).
SELECT p.resource_id AS resource,
       CASE WHEN ok.resource_id IS NOT NULL THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN ok.resource_id IS NOT NULL THEN 'OS Login is enabled in the project metadata.'
            ELSE 'Project ' || p.resource_id || ' does not set enable-oslogin=TRUE.' END AS reason,
       p.resource_id AS project
FROM bronze.gcp_projects p
LEFT JOIN (SELECT DISTINCT source_id, resource_id FROM bronze.gcp_project_metadata
           WHERE key = 'enable-oslogin' AND lower(value) IN ('true', '1', 'yes', 'y', 'on')) ok
  ON ok.source_id = p.source_id AND ok.resource_id = p.resource_id
