-- id: edr.agent_outdated
-- title: EDR agents run a current version
-- severity: low
-- resource_type: s1_agent
-- frameworks: cis_controls_v8:10.2
-- description: The console marks the agent as not up to date: it misses detection engine and
--   self-protection fixes.
-- remediation: Upgrade the agent (upgrade policy or console action).
SELECT a.edr_agent_id AS resource, a.resource_id AS asset_id,
       CASE WHEN a.edr_up_to_date IS NULL THEN 'info' WHEN a.edr_up_to_date THEN 'ok' ELSE 'alarm' END AS status,
       CASE WHEN a.edr_up_to_date IS NULL THEN 'The console did not say whether the agent is current.'
            WHEN a.edr_up_to_date THEN 'Agent is up to date.'
            ELSE 'Agent ' || COALESCE(a.edr_agent_version, '?') || ' on ' || COALESCE(a.hostname, a.resource_id) || ' is outdated.' END AS reason,
       a.hostname, a.edr_agent_version
FROM silver.assets a
WHERE a.edr_agent_id IS NOT NULL
