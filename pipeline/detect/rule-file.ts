// The rule file format: a header of `-- key: value` comment lines, then one SQL query. Keeping
// metadata in SQL comments means a rule is one file any SQL editor highlights and runs as-is
// (after filling `{{params}}`), with no YAML dependency and exact line numbers for messages.
import { SEVERITIES, type Rule, type RuleParam, type RuleProblem, type Severity } from './types.ts';

const KEYS = [
  'id',
  'title',
  'severity',
  'description',
  'remediation',
  'frameworks',
  'resource_type',
  'param',
];
const REQUIRED = ['id', 'title', 'severity', 'description', 'remediation'];
const RULE_ID = /^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*$/;
const FRAMEWORK = /^[a-z0-9_.-]+:[A-Za-z0-9_.-]+$/;
const PARAM = /^([a-z][a-z0-9_]*)\s*=\s*(-?\d+(?:\.\d+)?|'[^']*')$/;
const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_]+)\s*\}\}/g;
/** Placeholders every rule may use without declaring them. */
export const BUILTIN_PARAMS = ['now'] as const;

export type ParseResult = { ok: true; rule: Rule } | { ok: false; problems: RuleProblem[] };

interface HeaderEntry {
  value: string;
  line: number;
}

/** Parses one rule file; every problem names the file and the line it is on. */
export function parseRuleFile(file: string, text: string, pack: string): ParseResult {
  const lines = text.split(/\r?\n/);
  const problems: RuleProblem[] = [];
  const problem = (line: number, message: string): void => void problems.push({ file, line, message });
  const header = new Map<string, HeaderEntry>();
  const params: RuleParam[] = [];
  let last: HeaderEntry | undefined;
  let i = 0;
  for (; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('--')) break;
    const body = trimmed.slice(2);
    if (body.trim() === '') continue;
    // `--   more text` continues the previous key (descriptions and remediations wrap).
    if (/^\s{2,}\S/.test(body) && last) {
      last.value = `${last.value} ${body.trim()}`;
      continue;
    }
    const m = /^\s*([a-z_]+)\s*:\s*(.*)$/.exec(body);
    if (!m) {
      // A plain comment (why the SQL does what it does) is allowed anywhere in the header.
      last = undefined;
      continue;
    }
    const key = m[1] ?? '';
    const value = (m[2] ?? '').trim();
    if (!KEYS.includes(key)) {
      problem(i + 1, `unknown header key "${key}" (known: ${KEYS.join(', ')})`);
      continue;
    }
    if (key === 'param') {
      const pm = PARAM.exec(value);
      if (!pm) problem(i + 1, `param must look like "name = 7" or "name = 'text'", got "${value}"`);
      else {
        const v = pm[2] ?? '';
        params.push({ name: pm[1] ?? '', default: v.startsWith("'") ? v.slice(1, -1) : Number(v) });
      }
      last = undefined;
      continue;
    }
    if (header.has(key)) problem(i + 1, `header key "${key}" appears twice`);
    last = { value, line: i + 1 };
    header.set(key, last);
  }
  const sqlLine = i + 1;
  const sql = lines.slice(i).join('\n').trim().replace(/;\s*$/, '');

  for (const key of REQUIRED) {
    const entry = header.get(key);
    if (!entry || entry.value === '') problem(entry?.line ?? 1, `missing required header "-- ${key}: …"`);
  }
  const id = header.get('id');
  if (id && id.value && !RULE_ID.test(id.value))
    problem(id.line, `rule id "${id.value}" must be lower-case words separated by dots, e.g. cis_gcp.4.9`);
  const severity = header.get('severity');
  if (severity && !SEVERITIES.includes(severity.value as Severity))
    problem(severity.line, `severity "${severity.value}" is not one of ${SEVERITIES.join(', ')}`);
  const frameworksEntry = header.get('frameworks');
  const frameworks = (frameworksEntry?.value ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  for (const f of frameworks)
    if (!FRAMEWORK.test(f))
      problem(frameworksEntry?.line ?? 1, `framework mapping "${f}" must look like cis_gcp_v3.0:4.9`);

  if (sql === '') problem(sqlLine, 'the rule has no SQL after its header');
  else checkSql(sql, sqlLine, lines.slice(i), params, problem);

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    rule: {
      id: id?.value ?? '',
      title: header.get('title')?.value ?? '',
      severity: (severity?.value ?? 'info') as Severity,
      description: header.get('description')?.value ?? '',
      remediation: header.get('remediation')?.value ?? '',
      frameworks,
      resourceType: header.get('resource_type')?.value ?? 'resource',
      pack,
      params,
      sql,
      file,
      sqlLine,
    },
  };
}

function checkSql(
  sql: string,
  sqlLine: number,
  sqlLines: readonly string[],
  params: readonly RuleParam[],
  problem: (line: number, message: string) => void,
): void {
  const declared = new Set<string>([...BUILTIN_PARAMS, ...params.map((p) => p.name)]);
  sqlLines.forEach((text, k) => {
    for (const m of text.matchAll(PLACEHOLDER)) {
      if (!declared.has(m[1] ?? ''))
        problem(sqlLine + k, `placeholder {{${m[1]}}} is not declared (add "-- param: ${m[1]} = …")`);
    }
  });
  if (!/^(select|with)\b/i.test(sql.replace(/^(--[^\n]*\n|\s)+/, '')))
    problem(sqlLine, 'a rule is one SELECT (or WITH … SELECT) query');
  // A semicolon inside the body means two statements; rules must be one read-only query.
  const code = stripStringsAndComments(sql);
  const semi = code.indexOf(';');
  if (semi >= 0)
    problem(
      sqlLine + (code.slice(0, semi).match(/\n/g)?.length ?? 0),
      'a rule holds exactly one SQL statement',
    );
}

/** Blanks out string literals and comments (keeping newlines) so syntax checks ignore them. */
function stripStringsAndComments(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, (s) => s.replace(/[^\n]/g, ' '))
    .replace(/--[^\n]*/g, (s) => ' '.repeat(s.length));
}
