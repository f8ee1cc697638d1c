-- id: edr.agent_infected
-- title: No EDR agent reports an infection or active threats
-- severity: critical
-- resource_type: s1_agent
-- frameworks: cis_controls_v8:10.1
-- description: The agent reports the machine infected, or threats it has not mitigated.
-- remediation: Triage the threats in the SentinelOne console; isolate the machine until resolved.
SELECT a.edr_agent_id AS resource, a.resource_id AS asset_id,
       CASE WHEN a.edr = 'infected' THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN a.edr = 'infected' THEN 'Agent on ' || COALESCE(a.hostname, a.resource_id) || ' reports active threats.'
            ELSE 'No active threats reported.' END AS reason,
       a.hostname
FROM silver.assets a
WHERE a.edr_agent_id IS NOT NULL
