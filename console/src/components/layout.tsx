import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionInfo } from '../api.js';
import { href } from '../router.js';

/** The frame around every signed-in page: the top bar (services, the user's menu) and the side navigation. */

interface NavItem {
  readonly path: string;
  readonly label: string;
}

const SECTIONS: Readonly<Record<string, { title: string; items: readonly NavItem[] }>> = {
  ec2: { title: 'EC2', items: [{ path: '/ec2', label: 'Instances' }] },
  cloudtrail: { title: 'CloudTrail', items: [{ path: '/cloudtrail', label: 'Event history' }] },
  iam: {
    title: 'IAM',
    items: [
      { path: '/iam/users', label: 'Users' },
      { path: '/iam/groups', label: 'User groups' },
      { path: '/iam/policies', label: 'Policies' },
      { path: '/iam/roles', label: 'Roles' },
      { path: '/security-credentials', label: 'My security credentials' },
    ],
  },
};

function sectionOf(path: string): string | undefined {
  if (path.startsWith('/ec2')) return 'ec2';
  if (path.startsWith('/cloudtrail')) return 'cloudtrail';
  if (path.startsWith('/iam') || path.startsWith('/security-credentials')) return 'iam';
  return undefined;
}

function UserMenu({ session, onSignOut }: { readonly session: SessionInfo; readonly onSignOut: () => void }) {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('click', close);
    return () => document.removeEventListener('click', close);
  }, []);
  const user = session.user;
  const account = user?.accountAlias ?? user?.accountId ?? '';
  return (
    <div class="user-menu" ref={ref}>
      <button type="button" class="user-menu-button" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="user-name">{user?.userName}</span>
        <span class="user-account">@ {account}</span>
        <span class="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {open && (
        <div class="user-menu-list" role="menu">
          <div class="user-menu-info">
            <div>
              <span class="muted">Account ID</span> {user?.accountId}
            </div>
            {user?.accountAlias && (
              <div>
                <span class="muted">Alias</span> {user.accountAlias}
              </div>
            )}
            <div>
              <span class="muted">MFA</span> {session.mfaAuthenticated ? 'Signed in with MFA' : 'Not used'}
            </div>
          </div>
          <a
            role="menuitem"
            {...href('/security-credentials')}
            onClick={(e) => {
              href('/security-credentials').onClick(e);
              setOpen(false);
            }}
          >
            My security credentials
          </a>
          <button type="button" role="menuitem" class="menu-signout" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      )}
    </div>
  );
}

export function Layout({
  path,
  session,
  onSignOut,
  children,
}: {
  readonly path: string;
  readonly session: SessionInfo;
  readonly onSignOut: () => void;
  readonly children: ComponentChildren;
}) {
  const section = sectionOf(path);
  const nav = section ? SECTIONS[section] : undefined;
  return (
    <div class="shell">
      <header class="topbar">
        <a class="brand" {...href('/')}>
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          iamfa
        </a>
        <nav class="services" aria-label="Services">
          <a class={section === 'ec2' ? 'active' : ''} {...href('/ec2')}>
            EC2
          </a>
          <a class={section === 'iam' ? 'active' : ''} {...href('/iam/users')}>
            IAM
          </a>
          <a class={section === 'cloudtrail' ? 'active' : ''} {...href('/cloudtrail')}>
            CloudTrail
          </a>
        </nav>
        <div class="topbar-right">
          <span class="region">us-east-1</span>
          <UserMenu session={session} onSignOut={onSignOut} />
        </div>
      </header>
      <div class={`body${nav ? ' with-nav' : ''}`}>
        {nav && (
          <nav class="sidenav" aria-label={nav.title}>
            <div class="sidenav-title">{nav.title}</div>
            {nav.items.map((item) => (
              <a
                key={item.path}
                class={path === item.path || path.startsWith(`${item.path}/`) ? 'active' : ''}
                {...href(item.path)}
              >
                {item.label}
              </a>
            ))}
          </nav>
        )}
        <main class="content">{children}</main>
      </div>
    </div>
  );
}
