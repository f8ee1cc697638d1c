-- id: fortinet.firmware_below_minimum
-- title: FortiGate firmware is at or above the minimum supported FortiOS version
-- severity: high
-- resource_type: fortinet_device
-- frameworks: cis_fortigate_7.0:1.1
-- description: Old FortiOS trains miss fixes for actively exploited SSL-VPN and management-plane
--   vulnerabilities. The minimum is a parameter (default 7.2.0).
-- remediation: Upgrade FortiOS along the supported upgrade path to the latest patch of a supported
--   train.
-- param: min_fortios = '7.2.0'
WITH v AS (
  SELECT resource_id, hostname, version,
         CAST(COALESCE(NULLIF(split_part(ltrim(COALESCE(version, ''), 'vV'), '.', 1), ''), '0') AS INTEGER) * 1000000
       + CAST(COALESCE(NULLIF(split_part(ltrim(COALESCE(version, ''), 'vV'), '.', 2), ''), '0') AS INTEGER) * 1000
       + CAST(COALESCE(NULLIF(split_part(ltrim(COALESCE(version, ''), 'vV'), '.', 3), ''), '0') AS INTEGER) AS n
  FROM bronze.fortinet_devices
), minimum AS (
  SELECT CAST(split_part({{min_fortios}}, '.', 1) AS INTEGER) * 1000000
       + CAST(split_part({{min_fortios}}, '.', 2) AS INTEGER) * 1000
       + CAST(split_part({{min_fortios}}, '.', 3) AS INTEGER) AS n
)
SELECT v.resource_id AS resource,
       CASE WHEN v.version IS NULL THEN 'skip' WHEN v.n < minimum.n THEN 'alarm' ELSE 'ok' END AS status,
       CASE WHEN v.version IS NULL THEN 'The appliance did not report its FortiOS version.'
            WHEN v.n < minimum.n THEN 'FortiOS ' || v.version || ' is below the minimum ' || {{min_fortios}} || '.'
            ELSE 'FortiOS ' || v.version || ' meets the minimum.' END AS reason,
       v.hostname, v.version AS detail
FROM v CROSS JOIN minimum
