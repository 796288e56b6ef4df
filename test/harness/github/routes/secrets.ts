// Actions and Dependabot secrets for repositories, environments and organisations. Values arrive
// as real sealed boxes; the emulator opens them and keeps the plaintext for assertions.
import { fail, invalid } from '../errors.ts';
import { actor, created, noContent, ok, paginate, requireAdmin } from '../handler.ts';
import type { Ctx, Handler, RouteTable } from '../handler.ts';
import { openSealed } from '../sodium.ts';
import { isoNow } from '../store.ts';
import type { ResolvedScope, SecretRec } from '../store.ts';
import type { Visibility } from '../types.ts';
import { scopeFromParams, selectedIds, selectedRepoOps, selectedReposUrl } from './scope.ts';

/** GitHub's rules for secret names; names are stored upper-case. */
export function checkSecretName(ctx: Ctx, raw: string): string {
  const name = raw.toUpperCase();
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || name.startsWith('GITHUB_')) {
    invalid(
      'Invalid request.\n\nSecret names can only contain alphanumeric characters or underscores, must not start with a number and must not start with GITHUB_.',
      ctx.docs,
    );
  }
  return name;
}

function permission(scope: ResolvedScope): string {
  if (scope.app === 'dependabot') return scope.org ? 'organization_dependabot_secrets=write' : 'dependabot_secrets=write';
  if (scope.org) return 'organization_secrets=write';
  return scope.environment ? 'environments=write' : 'secrets=write';
}

function render(ctx: Ctx, scope: ResolvedScope, s: SecretRec): Record<string, unknown> {
  const out: Record<string, unknown> = { name: s.name, created_at: s.createdAt, updated_at: s.updatedAt };
  if (scope.org) {
    out['visibility'] = s.visibility ?? 'private';
    if (s.visibility === 'selected') out['selected_repositories_url'] = selectedReposUrl(ctx, scope, 'secrets', s.name);
  }
  return out;
}

function find(ctx: Ctx, scope: ResolvedScope): SecretRec {
  const name = (ctx.params['secret_name'] ?? '').toUpperCase();
  return ctx.store.secretMap(scope).get(name) ?? fail(404, 'Not Found', ctx.docs);
}

const publicKey: Handler = (ctx) => {
  actor(ctx);
  const key = ctx.store.keys.get(scopeFromParams(ctx).id);
  return ok({ key_id: key.keyId, key: key.key });
};

const list: Handler = (ctx) => {
  actor(ctx);
  const scope = scopeFromParams(ctx);
  const all = [...ctx.store.secretMap(scope).values()].sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(ctx, all);
  return ok({ total_count: all.length, secrets: page.items.map((s) => render(ctx, scope, s)) }, page.headers);
};

const get: Handler = (ctx) => {
  actor(ctx);
  const scope = scopeFromParams(ctx);
  return ok(render(ctx, scope, find(ctx, scope)));
};

const put: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  requireAdmin(ctx, permission(scope));
  const name = checkSecretName(ctx, ctx.params['secret_name'] ?? '');
  const map = ctx.store.secretMap(scope);
  const existing = map.get(name);
  const encrypted = ctx.body['encrypted_value'] as string | undefined;
  const keyId = ctx.body['key_id'] as string | undefined;
  let plaintext = existing?.plaintext;
  let usedKeyId = existing?.keyId;
  if (encrypted !== undefined || keyId !== undefined) {
    const key = ctx.store.keys.get(scope.id);
    if (keyId !== key.keyId) {
      invalid(`Invalid request.\n\nkey_id '${keyId ?? ''}' does not match the current public key.`, ctx.docs, [
        { resource: 'Secret', field: 'key_id', code: 'invalid' },
      ]);
    }
    if (encrypted === undefined) invalid('Invalid request.\n\nencrypted_value is required with key_id.', ctx.docs);
    plaintext = openSealed(key, encrypted);
    if (plaintext === undefined) {
      invalid('Invalid request.\n\nencrypted_value could not be decrypted with the given key_id.', ctx.docs, [
        { resource: 'Secret', field: 'encrypted_value', code: 'invalid' },
      ]);
    }
    if (Buffer.byteLength(plaintext) > 48 * 1024) {
      invalid('Invalid request.\n\nSecret values are limited to 48 KB.', ctx.docs, [
        { resource: 'Secret', field: 'encrypted_value', code: 'invalid' },
      ]);
    }
    usedKeyId = key.keyId;
  }
  if (plaintext === undefined || usedKeyId === undefined) {
    invalid('Invalid request.\n\nencrypted_value and key_id are required to create a secret.', ctx.docs);
  }
  const now = isoNow();
  const rec: SecretRec = existing ?? { name, plaintext, keyId: usedKeyId, createdAt: now, updatedAt: now };
  rec.plaintext = plaintext;
  rec.keyId = usedKeyId;
  rec.updatedAt = now;
  if (scope.org) {
    const visibility = ctx.body['visibility'] as Visibility;
    const selected = selectedIds(ctx, scope, visibility, ctx.body['selected_repository_ids']);
    rec.visibility = visibility;
    if (visibility !== 'selected') delete rec.selected;
    else rec.selected = selected ?? rec.selected ?? new Set();
  }
  map.set(name, rec);
  return existing ? noContent : created({});
};

const del: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  requireAdmin(ctx, permission(scope));
  const s = find(ctx, scope);
  ctx.store.secretMap(scope).delete(s.name);
  return noContent;
};

const selected: Handler = (ctx) => {
  const scope = scopeFromParams(ctx);
  if (ctx.operationId.includes('/list-')) actor(ctx);
  else requireAdmin(ctx, permission(scope));
  return selectedRepoOps(ctx, find(ctx, scope), ctx.store, scope);
};

function table(app: 'actions' | 'dependabot', scopes: readonly string[]): RouteTable {
  const t: RouteTable = {};
  for (const s of scopes) {
    t[`${app}/get-${s}-public-key`] = publicKey;
    t[`${app}/list-${s}-secrets`] = list;
    t[`${app}/get-${s}-secret`] = get;
    t[`${app}/create-or-update-${s}-secret`] = put;
    t[`${app}/delete-${s}-secret`] = del;
  }
  t[`${app}/list-selected-repos-for-org-secret`] = selected;
  t[`${app}/set-selected-repos-for-org-secret`] = selected;
  t[`${app}/add-selected-repo-to-org-secret`] = selected;
  t[`${app}/remove-selected-repo-from-org-secret`] = selected;
  return t;
}

export const secretRoutes: RouteTable = {
  ...table('actions', ['repo', 'environment', 'org']),
  ...table('dependabot', ['repo', 'org']),
};
