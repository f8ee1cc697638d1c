-- id: cis_gcp.3.1
-- title: The default network does not exist in a project
-- severity: medium
-- resource_type: gcp_network
-- frameworks: cis_gcp_v3.0:3.1, cis_gcp_v4.0:3.1
-- description: The auto-mode `default` network comes with permissive pre-populated firewall rules
--   (SSH, RDP and ICMP from anywhere, all internal traffic). Projects should use purpose-built networks.
-- remediation: Create a custom-mode VPC for the workloads, move them, then delete the network:
--   gcloud compute networks delete default --project PROJECT.
SELECT n.resource_id AS resource,
       CASE WHEN n.name = 'default' THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN n.name = 'default' THEN 'Project ' || n.scope || ' still has the default network.'
            ELSE 'Network ' || n.name || ' is not the default network.' END AS reason,
       n.scope AS project, n.name AS network
FROM bronze.gcp_compute_networks n
