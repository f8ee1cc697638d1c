/**
 * A join between two tables that no parent link expresses: the identities that tie one
 * provider's records to another's (DESIGN §6) and silver/gold back to bronze. Links whose
 * tables are not in the catalog yet are dropped when the semantic catalog is built.
 */
export interface TableLink {
  readonly from: string;
  readonly to: string;
  /** The join condition, with `from` aliased `a` and `to` aliased `b`. */
  readonly on: string;
  readonly meaning: string;
}

export const CROSS_TABLE_LINKS: readonly TableLink[] = [
  {
    from: 'bronze.s1_agents',
    to: 'bronze.gcp_compute_instances',
    on: 'a.cloud_instance_id = b.resource_id',
    meaning:
      'A SentinelOne agent running on a GCP VM (exact cloud identity). An agent with is_decommissioned = true no longer protects the VM.',
  },
  {
    from: 'bronze.s1_agents',
    to: 'bronze.vng_servers',
    on: 'a.cloud_instance_id = b.resource_id',
    meaning: 'A SentinelOne agent running on a VNG Cloud server, when the agent reports the server uuid.',
  },
  {
    from: 'bronze.s1_application_risks',
    to: 'bronze.s1_agents',
    on: 'a.endpoint_id = b.resource_id',
    meaning: 'A vulnerable application found on the endpoint of an agent.',
  },
  {
    from: 'bronze.s1_agent_applications',
    to: 'bronze.s1_agents',
    on: 'a.agent_id = b.resource_id',
    meaning: 'An application installed on the endpoint of an agent.',
  },
  {
    from: 'bronze.gcp_compute_instance_nics',
    to: 'bronze.gcp_compute_firewalls',
    on: 'a.network = b.network',
    meaning:
      'Firewall rules of the VPC network an interface is attached to (the rule applies when its target tags are empty or match the instance tags).',
  },
  {
    from: 'silver.asset_sources',
    to: 'bronze.gcp_compute_instances',
    on: "a.source_table = 'bronze.gcp_compute_instances' AND a.record_source_id = b.source_id AND a.record_id = b.resource_id",
    meaning: 'The GCP VM record merged into an asset (same pattern for every bronze table in source_table).',
  },
  {
    from: 'silver.asset_sources',
    to: 'bronze.s1_agents',
    on: "a.source_table = 'bronze.s1_agents' AND a.record_source_id = b.source_id AND a.record_id = b.resource_id",
    meaning: 'The SentinelOne agent record merged into an asset.',
  },
  {
    from: 'gold.alerts',
    to: 'silver.assets',
    on: 'a.asset_id = b.resource_id',
    meaning: 'Alerts raised on an asset (silver.assets.resource_id is the asset id).',
  },
  {
    from: 'gold.compliance',
    to: 'silver.assets',
    on: 'a.asset_id = b.resource_id',
    meaning: 'Rule results on an asset.',
  },
  {
    from: 'gold.compliance',
    to: 'gold.alerts',
    on: 'a.rule_id = b.rule_id AND a.resource = b.resource',
    meaning: 'The alert of a failing result; alerts.first_seen says since when it fails.',
  },
];
