-- id: edr.agent_decommissioned_vm_running
-- title: No decommissioned agent belongs to a VM that still runs
-- severity: high
-- resource_type: s1_agent
-- frameworks: cis_controls_v8:10.1
-- description: The agent was decommissioned (the machine was assumed gone), yet its cloud VM is
--   RUNNING (GCP) or ACTIVE (VNG): the machine runs without EDR.
-- remediation: Reinstall the agent on the VM, or delete the VM if it should be gone.
SELECT a.edr_agent_id AS resource, a.resource_id AS asset_id,
       CASE WHEN upper(COALESCE(a.cloud_status, '')) IN ('RUNNING', 'ACTIVE') THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN upper(COALESCE(a.cloud_status, '')) IN ('RUNNING', 'ACTIVE')
            THEN 'Agent is decommissioned but VM ' || COALESCE(a.cloud_instance_id, '?') || ' is ' || a.cloud_status || '.'
            ELSE 'The VM is not running.' END AS reason,
       a.cloud_instance_id AS detail, a.cloud_status, a.hostname
FROM silver.assets a
WHERE a.edr_agent_id IS NOT NULL AND COALESCE(a.edr_decommissioned, FALSE)
