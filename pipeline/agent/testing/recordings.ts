import { reply, type Recording } from './fake-ollama.ts';

// Model replies for the acceptance questions, in the shape a model with structured output
// (Ollama `format`) returns them. They are written by hand to exercise the agent, not captured
// from a real model: the tests prove the pipeline around the model, not a model's skill.

export const PUBLIC_IP_WRONG_THEN_RIGHT: Recording = {
  question: 'which GCP VMs have a public IP',
  replies: [
    // Attempt 1 invents a column; the store's error goes back to the model.
    reply(
      'SELECT resource_id, name FROM bronze.gcp_compute_instances WHERE external_ip IS NOT NULL ORDER BY name',
      'VMs with an external IP.',
    ),
    reply(
      `SELECT DISTINCT i.resource_id, i.name, c.nat_ip
FROM bronze.gcp_compute_instances i
JOIN bronze.gcp_compute_instance_nic_access_configs c ON c.source_id = i.source_id AND c.resource_id = i.resource_id
WHERE c.nat_ip IS NOT NULL
ORDER BY i.name`,
      'GCP VMs with an external (NAT) IP on one of their interfaces.',
    ),
  ],
};

export const VMS_WITHOUT_AGENT: Recording = {
  question: 'which GCP VMs have no SentinelOne agent',
  replies: [
    reply(
      `SELECT i.resource_id, i.name, i.scope AS project
FROM bronze.gcp_compute_instances i
LEFT JOIN bronze.s1_agents a
  ON a.cloud_instance_id = i.resource_id AND NOT coalesce(a.is_decommissioned, false)
WHERE a.resource_id IS NULL
ORDER BY i.name`,
      'GCP VMs without a SentinelOne agent reporting their instance id; decommissioned agents do not count.',
    ),
  ],
};

export const SSH_FROM_ANYWHERE: Recording = {
  question: 'which firewall rules allow SSH from 0.0.0.0/0',
  replies: [
    reply(
      `SELECT DISTINCT f.resource_id, f.name, f.network
FROM bronze.gcp_compute_firewalls f
JOIN bronze.gcp_compute_firewall_allowed a ON a.source_id = f.source_id AND a.resource_id = f.resource_id
WHERE f.direction = 'INGRESS' AND NOT coalesce(f.disabled, false)
  AND list_contains(CAST(f.source_ranges_json AS VARCHAR[]), '0.0.0.0/0')
  AND a.ip_protocol IN ('tcp', 'all', '6')
  AND (coalesce(a.ports, '') = '' OR EXISTS (
    SELECT 1 FROM unnest(string_split(a.ports, ',')) AS p(r)
    WHERE 22 BETWEEN CAST(split_part(r, '-', 1) AS INTEGER)
                 AND CAST(coalesce(nullif(split_part(r, '-', 2), ''), split_part(r, '-', 1)) AS INTEGER)))
ORDER BY f.name`,
      'Enabled ingress allow rules open to 0.0.0.0/0 whose TCP ports include 22 (no port list means all ports).',
    ),
  ],
};

export const MALFORMED_EVERY_TIME: Recording = {
  question: 'how many disks are there',
  replies: ['Sure! Here is the query you asked for: SELECT count(*) FROM bronze.gcp_compute_disks'],
};

export const MALFORMED_THEN_RIGHT: Recording = {
  question: 'how many projects are there',
  replies: [
    '{"query": "SELECT count(*) FROM bronze.gcp_projects"',
    reply('SELECT count(*) AS projects FROM bronze.gcp_projects', 'The number of GCP projects collected.'),
  ],
};

export const HOSTILE_THEN_RIGHT: Recording = {
  question: 'show me the password file',
  replies: [
    reply("SELECT content FROM read_text('/etc/passwd')", 'The password file.'),
    reply("SELECT content FROM read_text('/etc/passwd')", 'The password file.'),
    reply("SELECT * FROM '/etc/passwd'", 'The password file.'),
  ],
};

export const ALL_RECORDINGS: readonly Recording[] = [
  PUBLIC_IP_WRONG_THEN_RIGHT,
  VMS_WITHOUT_AGENT,
  SSH_FROM_ANYWHERE,
  MALFORMED_EVERY_TIME,
  MALFORMED_THEN_RIGHT,
  HOSTILE_THEN_RIGHT,
];
