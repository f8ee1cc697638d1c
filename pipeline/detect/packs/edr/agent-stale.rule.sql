-- id: edr.agent_stale
-- title: EDR agents report in regularly
-- severity: medium
-- resource_type: s1_agent
-- frameworks: cis_controls_v8:10.1
-- description: An agent (not decommissioned) silent for more than stale_days days no longer
--   protects or reports on its machine: it was uninstalled, broken or the machine is gone.
-- remediation: Check the machine; repair or reinstall the agent, or decommission it in the console.
-- param: stale_days = 7
SELECT a.edr_agent_id AS resource, a.resource_id AS asset_id,
       CASE WHEN a.edr_last_seen IS NULL THEN 'info'
            WHEN a.edr_last_seen < {{now}} - {{stale_days}} * INTERVAL '1 day' THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN a.edr_last_seen IS NULL THEN 'The agent never reported.'
            WHEN a.edr_last_seen < {{now}} - {{stale_days}} * INTERVAL '1 day'
            THEN 'Agent on ' || COALESCE(a.hostname, a.resource_id) || ' silent since ' || CAST(a.edr_last_seen AS TEXT) || '.'
            ELSE 'Agent reported recently.' END AS reason,
       a.hostname, a.edr_last_seen
FROM silver.assets a
WHERE a.edr_agent_id IS NOT NULL AND NOT COALESCE(a.edr_decommissioned, FALSE)
