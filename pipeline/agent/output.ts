import { z } from 'zod';
import { AgentError } from './errors.ts';

const Reply = z.object({
  sql: z.string().trim().min(1, 'the "sql" field is empty'),
  explanation: z.string().trim().default(''),
});

export type ModelReply = z.infer<typeof Reply>;

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 160)}…` : flat || '(empty reply)';
}

/**
 * Reads the model's reply as `{sql, explanation}`. Structured output makes this the normal case;
 * small models still wrap JSON in code fences or prose, so the first JSON object in the text is
 * accepted. Anything else is a MODEL_OUTPUT error that quotes what came back.
 */
export function parseReply(text: string): ModelReply {
  const unfenced = text.replace(/```(?:json|sql)?/gi, '');
  const start = unfenced.indexOf('{');
  const end = unfenced.lastIndexOf('}');
  let value: unknown;
  try {
    value = JSON.parse(start >= 0 && end > start ? unfenced.slice(start, end + 1) : unfenced);
  } catch {
    throw new AgentError(
      `The model's reply was not the JSON object {"sql": …, "explanation": …} it was asked for (got: ${preview(text)}).`,
      'MODEL_OUTPUT',
    );
  }
  const parsed = Reply.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || 'reply'}: ${i.message}`).join('; ');
    throw new AgentError(
      `The model's reply did not have the expected shape {"sql": string, "explanation": string} (${issues}; got: ${preview(text)}).`,
      'MODEL_OUTPUT',
    );
  }
  // A trailing semicolon is harmless but reads as "several statements" to some checks.
  return { sql: parsed.data.sql.replace(/;\s*$/, ''), explanation: parsed.data.explanation };
}
