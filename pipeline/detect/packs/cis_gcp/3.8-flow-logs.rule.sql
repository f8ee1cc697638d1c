-- id: cis_gcp.3.8
-- title: VPC flow logs are enabled for every subnet
-- severity: low
-- resource_type: gcp_subnetwork
-- frameworks: cis_gcp_v3.0:3.8, cis_gcp_v4.0:3.8
-- description: Without flow logs there is no record of which hosts talked to which, which makes
--   incident investigation and anomaly detection in a VPC blind.
-- remediation: gcloud compute networks subnets update SUBNET --region REGION --enable-flow-logs
--   (aggregation interval 5 s, sample rate 1, include all metadata).
-- Proxy-only subnets cannot log flows; CIS excludes them.
SELECT s.resource_id AS resource,
       CASE WHEN COALESCE(s.purpose, 'PRIVATE') NOT IN ('PRIVATE', 'PRIVATE_RFC_1918') THEN 'skip'
            WHEN COALESCE(s.flow_logs_enabled, FALSE) THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN COALESCE(s.purpose, 'PRIVATE') NOT IN ('PRIVATE', 'PRIVATE_RFC_1918') THEN 'Subnet purpose ' || s.purpose || ' cannot log flows.'
            WHEN COALESCE(s.flow_logs_enabled, FALSE) THEN 'Flow logs are enabled.'
            ELSE 'Subnetwork ' || s.name || ' has no VPC flow logs.' END AS reason,
       s.scope AS project, s.region, s.network, s.name AS subnetwork
FROM bronze.gcp_compute_subnetworks s
