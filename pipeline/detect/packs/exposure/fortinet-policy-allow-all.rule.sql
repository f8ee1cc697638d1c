-- id: fortinet.policy_allow_all
-- title: FortiGate has no accept policy from all sources to all destinations on all services
-- severity: critical
-- resource_type: fortinet_policy
-- frameworks: cis_fortigate_7.0:3.2
-- description: An enabled accept policy with srcaddr "all", dstaddr "all" and service "ALL" turns
--   the firewall into a router between its interfaces.
-- remediation: Replace the policy with specific addresses and services, or disable it.
WITH m AS (
  SELECT source_id, resource_id,
         max(CASE WHEN kind = 'srcaddr' AND name = 'all' THEN 1 ELSE 0 END) AS src_all,
         max(CASE WHEN kind = 'dstaddr' AND name = 'all' THEN 1 ELSE 0 END) AS dst_all,
         max(CASE WHEN kind = 'service' AND name = 'ALL' THEN 1 ELSE 0 END) AS svc_all
  FROM bronze.fortinet_policy_members GROUP BY source_id, resource_id
)
SELECT p.resource_id AS resource,
       CASE WHEN p.action = 'accept' AND p.status = 'enable' AND m.src_all = 1 AND m.dst_all = 1 AND m.svc_all = 1
            THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN p.action = 'accept' AND p.status = 'enable' AND m.src_all = 1 AND m.dst_all = 1 AND m.svc_all = 1
            THEN 'Policy ' || CAST(p.policyid AS TEXT) || ' (' || COALESCE(p.name, '') || ') accepts all/all/ALL.'
            ELSE 'Policy is scoped.' END AS reason,
       p.vdom, p.policyid, p.name AS detail
FROM bronze.fortinet_policies p
LEFT JOIN m ON m.source_id = p.source_id AND m.resource_id = p.resource_id
