-- id: edr.cloud_vm_without_agent
-- title: Every cloud VM runs an EDR agent
-- severity: high
-- resource_type: cloud_instance
-- frameworks: cis_controls_v8:10.1
-- description: A GCP or VNG Cloud VM (stopped ones and GKE nodes included) whose machine has no
--   SentinelOne agent, or only a decommissioned one, is invisible to endpoint detection.
-- remediation: Install the agent through the image or a startup script, or re-register the
--   decommissioned agent.
SELECT a.cloud_instance_id AS resource, a.resource_id AS asset_id,
       CASE WHEN a.edr = 'none' OR a.edr IS NULL THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN a.edr = 'none' OR a.edr IS NULL
            THEN 'Cloud VM ' || COALESCE(a.hostname, a.cloud_instance_id) || ' has no active EDR agent'
                 || CASE WHEN a.edr_decommissioned THEN ' (its agent is decommissioned).' ELSE '.' END
            ELSE 'EDR agent present (' || a.edr || ').' END AS reason,
       a.cloud_provider, a.cloud_project AS project, a.cloud_status, a.hostname
FROM silver.assets a
WHERE a.in_cloud AND a.cloud_instance_id IS NOT NULL
