import { describe, expect, it } from 'vitest';
import { toOption } from './directory-picker.js';

describe('directory rows as picker options', () => {
  it('shows a user by display name with unit path and username, and a unit by its path', () => {
    expect(toOption('users', { id: 'user-li.si', username: 'li.si', displayName: '李四', unitId: 'unit-scjgj-fzk', unitName: '法制科', unitPath: '市市场监督管理局 / 法制科' }))
      .toEqual({ id: 'user-li.si', label: '李四', detail: '市市场监督管理局 / 法制科 · li.si' });
    expect(toOption('users', { id: 'u-1', username: 'x', displayName: '', unitId: null, unitName: null, unitPath: null })).toEqual({ id: 'u-1', label: 'x', detail: 'x' });
    expect(toOption('units', { id: 'unit-scjgj-fzk', name: '法制科', parentId: 'unit-scjgj', path: '市市场监督管理局 / 法制科' }))
      .toEqual({ id: 'unit-scjgj-fzk', label: '市市场监督管理局 / 法制科', detail: '' });
  });

  it('drops rows without an id', () => {
    expect(toOption('users', { username: 'x' })).toBeUndefined();
    expect(toOption('units', null)).toBeUndefined();
  });
});
