-- id: cis_gcp.4.7
-- title: VM disks are encrypted with customer-supplied encryption keys (CSEK)
-- severity: low
-- resource_type: gcp_disk
-- frameworks: cis_gcp_v3.0:4.7, cis_gcp_v4.0:4.7
-- description: With CSEK, Google cannot decrypt the disk without the key the customer supplies,
--   which protects critical data even from a compromised project. CIS applies it to critical VMs;
--   a customer-managed KMS key is reported as info rather than a failure.
-- remediation: Recreate the disk from a snapshot with --csek-key-file, keeping the key outside GCP.
SELECT d.resource_id AS resource,
       CASE WHEN d.csek_sha256 IS NOT NULL THEN 'ok' WHEN d.kms_key_name IS NOT NULL THEN 'info' ELSE 'alarm' END AS status,
       CASE WHEN d.csek_sha256 IS NOT NULL THEN 'Disk ' || d.name || ' is encrypted with a customer-supplied key.'
            WHEN d.kms_key_name IS NOT NULL THEN 'Disk ' || d.name || ' uses a customer-managed KMS key, not CSEK.'
            ELSE 'Disk ' || d.name || ' uses Google-managed encryption only.' END AS reason,
       d.scope AS project, d.zone, d.name AS disk
FROM bronze.gcp_compute_disks d
