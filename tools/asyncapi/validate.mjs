// Validates AsyncAPI documents with the official parser (@asyncapi/parser).
// Usage: node validate.mjs <asyncapi.json>...
// Prints every diagnostic of severity error or warning; exits 1 when any document has
// an error (or a warning, with --strict).
import { readFile } from 'node:fs/promises';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const args = process.argv.slice(2);
const strict = args.includes('--strict');
const files = args.filter((a) => a !== '--strict');
if (files.length === 0) {
  console.error('usage: node validate.mjs [--strict] <asyncapi.json>...');
  process.exit(2);
}

const parser = new Parser();
let failed = false;
for (const file of files) {
  const text = await readFile(file, 'utf8');
  const { document, diagnostics } = await parser.parse(text, { source: file });
  const shown = diagnostics.filter(
    (d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning,
  );
  const errors = shown.filter((d) => d.severity === DiagnosticSeverity.Error);
  for (const d of shown) {
    const level = d.severity === DiagnosticSeverity.Error ? 'error' : 'warning';
    console.log(`${file}: ${level} ${d.code} at /${d.path.join('/')}: ${d.message}`);
  }
  const bad = document === undefined || errors.length > 0 || (strict && shown.length > 0);
  if (bad) failed = true;
  console.log(`${file}: ${bad ? 'INVALID' : 'valid'}`);
}
process.exit(failed ? 1 : 0);
