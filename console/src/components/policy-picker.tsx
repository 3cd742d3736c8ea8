import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { useLoad } from '../hooks.js';
import { listPolicies } from '../iam-data.js';
import { Badge, Button, ErrorAlert, Loading, Modal } from './ui.js';

/** Choosing managed policies to attach: the account's and AWS's, filtered by name as one types. */
export function PolicyPicker({
  selected,
  onChange,
}: {
  readonly selected: readonly string[];
  readonly onChange: (arns: string[]) => void;
}) {
  const policies = useLoad(() => listPolicies('All'));
  const [filter, setFilter] = useState('');
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = policies.data ?? [];
    const local = all.filter((p) => !p.Arn.startsWith('arn:aws:iam::aws:'));
    const matching = all.filter((p) => needle && p.PolicyName.toLowerCase().includes(needle));
    // Without a filter, the account's own policies (usually few) and what is already chosen.
    const base = needle
      ? matching
      : [...local, ...all.filter((p) => selected.includes(p.Arn) && !local.includes(p))];
    return base.slice(0, 12);
  }, [policies.data, filter, selected]);
  const toggle = (arn: string) =>
    onChange(selected.includes(arn) ? selected.filter((a) => a !== arn) : [...selected, arn]);
  return (
    <div class="picker">
      <input
        class="search"
        type="search"
        placeholder="Search policies (e.g. AmazonEC2FullAccess)"
        aria-label="Search policies"
        value={filter}
        onInput={(e) => setFilter(e.currentTarget.value)}
      />
      {policies.loading && !policies.data ? (
        <Loading />
      ) : policies.error !== undefined ? (
        <ErrorAlert error={policies.error} />
      ) : (
        <ul class="picker-list">
          {shown.map((policy) => {
            const aws = policy.Arn.startsWith('arn:aws:iam::aws:');
            return (
              <li key={policy.Arn}>
                <label class="checkbox">
                  <input
                    type="checkbox"
                    checked={selected.includes(policy.Arn)}
                    onChange={() => toggle(policy.Arn)}
                  />
                  <span>{policy.PolicyName}</span>
                  <Badge kind={aws ? 'amber' : 'blue'}>{aws ? 'AWS managed' : 'Customer managed'}</Badge>
                </label>
              </li>
            );
          })}
          {shown.length === 0 && <li class="muted">No policy matches.</li>}
        </ul>
      )}
      {selected.length > 0 && (
        <div class="chips">
          {selected.map((arn) => (
            <span key={arn} class="chip">
              {arn.split('/').pop()}
              <button type="button" aria-label={`Remove ${arn}`} onClick={() => toggle(arn)}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
    </div>
  );
}

/** The modal that picks managed policies to attach to a user, group or role; children go above the picker. */
export function AttachPoliciesModal({
  name,
  selected,
  onChange,
  busy,
  onAttach,
  onClose,
  children,
}: {
  readonly name: string;
  readonly selected: readonly string[];
  readonly onChange: (arns: string[]) => void;
  readonly busy: boolean;
  readonly onAttach: () => void;
  readonly onClose: () => void;
  readonly children?: ComponentChildren;
}) {
  return (
    <Modal
      title={`Attach policies to ${name}`}
      wide
      onClose={onClose}
      footer={
        <>
          <Button variant="link" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" busy={busy} disabled={selected.length === 0} onClick={onAttach}>
            Attach policies
          </Button>
        </>
      }
    >
      {children}
      <PolicyPicker selected={selected} onChange={onChange} />
    </Modal>
  );
}
