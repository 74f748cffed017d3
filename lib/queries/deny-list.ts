// Constructs that parse on Athena but mean something else on DuckDB (or the reverse), and so must never
// appear in a rendered Athena query. The TrinoSQL grammar catches syntax; this catches meaning.
// Source: docs/metrics-implementation.md ("One SQL text, two engines"), which lists where the same SQL text gives
// different answers on Athena and DuckDB.

export interface DenyRule {
  pattern: RegExp;
  why: string;
}

export const DENY_LIST: DenyRule[] = [
  { pattern: /\bdate_diff\s*\(/i, why: 'date_diff: Trino counts whole units, DuckDB boundaries crossed; subtract epoch ms instead' },
  { pattern: /\bdate_trunc\s*\(/i, why: 'date_trunc: DATE in Trino, TIMESTAMP in DuckDB; use the lake year/month columns' },
  { pattern: /\bdate_add\s*\(|\binterval\b/i, why: 'date arithmetic: result types and functions differ; use epoch ms' },
  {
    pattern: /\bat\s+time\s+zone\b/i,
    why: 'AT TIME ZONE on a naive timestamp converts in opposite directions; use the lake local_* columns',
  },
  {
    pattern: /\bextract\s*\(|\bday_of_week\s*\(|\bdow\s*\(|\bdayofweek\s*\(/i,
    why: 'day of week: Sunday is 7 in Trino, 0 in DuckDB; use local_iso_dow',
  },
  {
    // Trino writes IGNORE NULLS after the call's parentheses, DuckDB inside them: each refuses the other's.
    pattern: /\bignore\s+nulls\s*\)/i,
    why: "IGNORE NULLS inside the call's parentheses is DuckDB's placement; use the firstNonNull fragment",
  },
  {
    pattern: /\b(quantile_cont|quantile_disc|quantile|median|approx_quantile)\s*\(/i,
    why: 'DuckDB-only percentile; Athena uses approx_percentile (the percentile fragment)',
  },
  { pattern: /\b(epoch_ms|epoch|strftime|strptime|arg_min|arg_max|list_\w+|string_agg|struct_pack)\s*\(/i, why: 'DuckDB-only function' },
  { pattern: /::/, why: 'PostgreSQL/DuckDB cast syntax; write CAST(x AS type)' },
  { pattern: /\/\//, why: 'DuckDB integer division operator' },
  {
    pattern: /\b(current_timestamp|current_date|localtimestamp|now\s*\(|current_timezone)/i,
    why: 'session clock or zone: results must depend only on the data and the cut-off',
  },
  { pattern: /\bqualify\b/i, why: 'QUALIFY is DuckDB-only' },
  {
    // approx_percentile(x, p): a t-digest, whose error Trino does not bound (2% of the ranks off on a sample).
    pattern: /\bapprox_percentile\s*\(\s*(?:[^(),]|\([^()]*\))+,\s*[\d.eE-]+\s*\)/i,
    why: 'approx_percentile without weight and accuracy has no error bound; use the percentile fragment (accuracy 0.01)',
  },
];

/** Blanks comments (keeping length) so rules do not fire on explanations. */
function stripComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, (m) => ' '.repeat(m.length));
}

/**
 * Problems of a rendered Athena query: deny-listed constructs, divisions that are not of a double
 * (`1/2` is 0 in Trino and 0.5 in DuckDB; Trino rounds decimal quotients to the operands' scale), and
 * string literals that look like values (values are bound parameters, so literals are only fixed words).
 */
export function athenaProblems(sql: string): string[] {
  const problems: string[] = [];
  const code = stripComments(sql);
  const noStrings = code.replace(/'(?:[^']|'')*'/g, (m) => `'${' '.repeat(m.length - 2)}'`);
  for (const r of DENY_LIST) {
    const m = r.pattern.exec(noStrings);
    if (m) problems.push(`'${m[0]}': ${r.why}`);
  }
  for (const m of noStrings.matchAll(/\//g)) {
    const before = noStrings.slice(Math.max(0, m.index - 12), m.index);
    if (!/AS double\)\s*$/i.test(before)) {
      problems.push(`division at offset ${m.index} ('...${before}/'): divide a CAST(x AS double) so both engines agree`);
    }
  }
  for (const m of code.matchAll(/'((?:[^']|'')*)'/g)) {
    if (!/^[a-z_/]*$/.test(m[1]!)) problems.push(`string literal '${m[1]}': values must be bound parameters, not text`);
  }
  return problems;
}
