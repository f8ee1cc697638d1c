-- id: cis_gcp.4.11
-- title: Compute instances have Confidential Computing enabled
-- severity: low
-- resource_type: gcp_instance
-- frameworks: cis_gcp_v3.0:4.11, cis_gcp_v4.0:4.11
-- description: Confidential VMs keep memory encrypted with a per-VM key the host cannot read. CIS
--   applies it where the machine type supports it (N2D / C2D on AMD SEV); it is a Level 2 control.
-- remediation: Recreate the instance on a supported machine type with --confidential-compute.
SELECT i.resource_id AS resource,
       CASE WHEN COALESCE(i.confidential_compute, FALSE) THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN COALESCE(i.confidential_compute, FALSE) THEN 'Confidential Computing is enabled.'
            ELSE 'Instance ' || i.name || ' is not a Confidential VM.' END AS reason,
       i.scope AS project, i.zone, i.name AS instance, i.machine_type
FROM bronze.gcp_compute_instances i
