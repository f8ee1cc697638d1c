-- id: cis_gcp.4.8
-- title: Compute instances are launched with Shielded VM enabled
-- severity: medium
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.8, cis_gcp_v4.0:4.8
-- description: vTPM and integrity monitoring let the platform detect boot-level and kernel-level
--   tampering (rootkits, bootkits).
-- remediation: Stop the instance, enable vTPM and integrity monitoring
--   (gcloud compute instances update INSTANCE --shielded-vtpm --shielded-vm-integrity-monitoring).
SELECT i.resource_id AS resource,
       CASE WHEN COALESCE(i.shielded_vtpm, FALSE) AND COALESCE(i.shielded_integrity_monitoring, FALSE) THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN COALESCE(i.shielded_vtpm, FALSE) AND COALESCE(i.shielded_integrity_monitoring, FALSE) THEN 'vTPM and integrity monitoring are on.'
            ELSE 'Instance ' || i.name || ' lacks vTPM or integrity monitoring.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance
FROM bronze.gcp_compute_instances i
