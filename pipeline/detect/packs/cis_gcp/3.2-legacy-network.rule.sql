-- id: cis_gcp.3.2
-- title: Legacy networks do not exist in a project
-- severity: medium
-- resource_type: gcp_network
-- frameworks: cis_gcp_v3.0:3.2, cis_gcp_v4.0:3.2
-- description: Legacy (non-VPC) networks have a single global IPv4 range and no subnetworks, so
--   they cannot use VPC flow logs, private Google access or regional segmentation.
-- remediation: Create a VPC network (auto or custom mode), migrate the instances and delete the
--   legacy network.
-- Legacy networks are the only ones the API returns without autoCreateSubnetworks.
SELECT n.resource_id AS resource,
       CASE WHEN n.auto_create_subnetworks IS NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN n.auto_create_subnetworks IS NULL THEN 'Network ' || n.name || ' is a legacy network.'
            ELSE 'Network ' || n.name || ' is a VPC network.' END AS reason,
       n.scope AS project, n.name AS network
FROM bronze.gcp_compute_networks n
