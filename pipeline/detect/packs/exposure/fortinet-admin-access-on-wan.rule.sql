-- id: fortinet.admin_access_on_wan
-- title: FortiGate WAN interfaces do not allow administrative access
-- severity: high
-- resource_type: fortinet_interface
-- frameworks: cis_fortigate_7.0:2.4.4
-- description: HTTPS, HTTP, SSH or Telnet administration on a WAN interface exposes the management
--   plane to the internet (ping and fgfm alone do not count).
-- remediation: Remove https/http/ssh/telnet from allowaccess on WAN interfaces; administer over a
--   dedicated management interface or VPN.
WITH a AS (
  SELECT source_id, resource_id, ' ' || lower(COALESCE(allowaccess, '')) || ' ' AS acc FROM bronze.fortinet_interfaces
), admin AS (
  SELECT source_id, resource_id,
         trim(CASE WHEN acc LIKE '% https %' THEN 'https ' ELSE '' END ||
              CASE WHEN acc LIKE '% http %' THEN 'http ' ELSE '' END ||
              CASE WHEN acc LIKE '% ssh %' THEN 'ssh ' ELSE '' END ||
              CASE WHEN acc LIKE '% telnet %' THEN 'telnet' ELSE '' END) AS protocols
  FROM a
)
SELECT i.resource_id AS resource,
       CASE WHEN lower(COALESCE(i.role, '')) = 'wan' AND ad.protocols <> '' THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN lower(COALESCE(i.role, '')) = 'wan' AND ad.protocols <> ''
            THEN 'WAN interface ' || i.name || ' allows ' || ad.protocols || ' administration.'
            ELSE 'No administrative access on a WAN interface.' END AS reason,
       i.vdom, i.name AS interface, i.role, ad.protocols AS detail
FROM bronze.fortinet_interfaces i
JOIN admin ad ON ad.source_id = i.source_id AND ad.resource_id = i.resource_id
