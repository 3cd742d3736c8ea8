import { useEffect, useRef, useState } from 'preact/hooks';
import { validatePolicy, type Finding } from '../api.js';
import { Alert, Badge, Button, ErrorAlert } from './ui.js';
import { useAction } from '../hooks.js';

/**
 * A JSON policy editor with line numbers and "Validate policy": the findings of iamfa's linter are
 * listed with their line and column, marked in the gutter, and a click puts the cursor on the spot.
 */

const SEVERITY_BADGE = {
  error: 'red',
  'security-warning': 'red',
  warning: 'amber',
  suggestion: 'blue',
} as const;
const SEVERITY_LABEL = {
  error: 'Error',
  'security-warning': 'Security warning',
  warning: 'Warning',
  suggestion: 'Suggestion',
} as const;

/** The character offset of a 1-based line and column in `text`. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

export function PolicyEditor({
  value,
  onChange,
  label = 'Policy document',
}: {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly label?: string;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);
  const [findings, setFindings] = useState<Finding[] | undefined>(undefined);
  const action = useAction();
  const lines = value.split('\n').length;
  const flagged = new Map<number, Finding['severity']>();
  for (const f of findings ?? []) if (!flagged.has(f.line)) flagged.set(f.line, f.severity);

  // Findings describe the text they were made for; an edit makes them stale.
  useEffect(() => setFindings(undefined), [value]);

  const validate = async () => {
    const result = await action.run(() => validatePolicy(value));
    if (result) setFindings(result);
  };
  const goTo = (finding: Finding) => {
    const element = area.current;
    if (!element) return;
    const start = offsetOf(value, finding.line, finding.column);
    const end = offsetOf(value, finding.endLine, finding.endColumn);
    element.focus();
    element.setSelectionRange(start, Math.max(start, end));
  };

  return (
    <div class="policy-editor">
      <div class="editor-toolbar">
        <span class="editor-label">{label}</span>
        <Button onClick={validate} busy={action.busy}>
          Validate policy
        </Button>
      </div>
      <div class="editor">
        <div class="gutter" ref={gutter} aria-hidden="true">
          {Array.from({ length: lines }, (_, i) => (
            <div
              key={i}
              class={flagged.has(i + 1) ? `gutter-line flagged flagged-${flagged.get(i + 1)}` : 'gutter-line'}
            >
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={area}
          name="policyDocument"
          aria-label={label}
          class="code"
          spellcheck={false}
          wrap="off"
          value={value}
          onInput={(e) => onChange(e.currentTarget.value)}
          onScroll={(e) => {
            if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyDown={(e) => {
            // Tab indents, as in any code editor, instead of leaving the field.
            if (e.key !== 'Tab') return;
            e.preventDefault();
            const el = e.currentTarget;
            const { selectionStart, selectionEnd } = el;
            onChange(`${value.slice(0, selectionStart)}    ${value.slice(selectionEnd)}`);
            requestAnimationFrame(() => el.setSelectionRange(selectionStart + 4, selectionStart + 4));
          }}
        />
      </div>
      {action.error !== undefined && <ErrorAlert error={action.error} />}
      {findings && findings.length === 0 && (
        <Alert kind="success" title="The policy is valid">
          No errors, warnings or suggestions.
        </Alert>
      )}
      {findings && findings.length > 0 && (
        <div class="findings" role="region" aria-label="Policy validation">
          <div class="findings-title">
            {findings.length} finding{findings.length === 1 ? '' : 's'}:{' '}
            {(['error', 'security-warning', 'warning', 'suggestion'] as const)
              .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
              .filter(([, n]) => n > 0)
              .map(([s, n]) => `${n} ${SEVERITY_LABEL[s].toLowerCase()}${n === 1 ? '' : 's'}`)
              .join(', ')}
          </div>
          <ul>
            {findings.map((finding, i) => (
              <li key={i}>
                <button type="button" class="finding" onClick={() => goTo(finding)}>
                  <Badge kind={SEVERITY_BADGE[finding.severity]}>{SEVERITY_LABEL[finding.severity]}</Badge>
                  <span class="finding-position mono">
                    Ln {finding.line}, Col {finding.column}
                  </span>
                  <span class="finding-message">{finding.message}</span>
                  <span class="finding-code mono">{finding.code}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
