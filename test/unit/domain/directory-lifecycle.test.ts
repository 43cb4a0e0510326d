import { DirectoryFrozenError } from '../../../src/domain/directory-frozen';
import { decideFreeze, decidePrepare, isLive, requireLiveDirectory, type DirectoryStatus } from '../../../src/domain/directory-lifecycle';
import { RequestRejected } from '../../../src/domain/request-rejected';

const directory = (status: DirectoryStatus, token_id: string | null = 'tok-old') => ({ status, token_id });

describe('the freeze and the fence (docs/product-rules.md rule 6)', () => {
  it.each<[string, { status: DirectoryStatus } | undefined, boolean]>([
    ['pending', directory('pending'), true],
    ['connected', directory('connected'), true],
    ['disconnected', directory('disconnected'), false],
    ['missing', undefined, false],
  ])('a %s directory is live: %s, and the fence agrees', (_, value, live) => {
    expect(isLive(value)).toBe(live);
    if (live) expect(() => requireLiveDirectory(value)).not.toThrow();
    else expect(() => requireLiveDirectory(value)).toThrow(DirectoryFrozenError);
  });

  it('freezing a live directory freezes it; freezing again answers with the first freeze', () => {
    const frozenAt = new Date('2026-01-02T03:04:05Z');
    expect(decideFreeze('acme', { status: 'connected', frozen_at: null })).toEqual({ kind: 'freeze' });
    expect(decideFreeze('acme', { status: 'disconnected', frozen_at: frozenAt })).toEqual({ kind: 'already-frozen', frozenAt });
  });

  it('an account without a directory cannot be disconnected (404)', () => {
    expect(() => decideFreeze('acme', undefined)).toThrow(expect.objectContaining({ status: 404, code: 'directory_not_found' }));
  });
});

describe('connecting a directory', () => {
  it.each<
    [string, ReturnType<typeof directory> | undefined, { tokenId: string; rotate: boolean }, ReturnType<typeof decidePrepare>['kind']]
  >([
    ['no directory: create it', undefined, { tokenId: 'tok-new', rotate: false }, 'create'],
    ['a retry of the same connect', directory('pending', 'tok-new'), { tokenId: 'tok-new', rotate: false }, 'unchanged'],
    ['a disconnected directory reconnects', directory('disconnected'), { tokenId: 'tok-new', rotate: false }, 'reconnect'],
    ['a live directory rotates its token when asked', directory('connected'), { tokenId: 'tok-new', rotate: true }, 'rotate'],
  ])('%s', (_, existing, request, kind) => {
    expect(decidePrepare(existing, request).kind).toBe(kind);
  });

  it.each<DirectoryStatus>(['pending', 'connected'])('a %s directory is not connected twice without rotate (409)', (status) => {
    const run = () => decidePrepare(directory(status), { tokenId: 'tok-new', rotate: false });
    expect(run).toThrow(RequestRejected);
    expect(run).toThrow(expect.objectContaining({ status: 409, code: 'directory_already_connected' }));
  });
});
