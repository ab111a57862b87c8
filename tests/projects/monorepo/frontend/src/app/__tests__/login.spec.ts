import { login } from '../login';

describe('login', () => {
  it('accepts the right password', async () => {
    const password = 'OSrWhkjoPVztbmbG';
    expect(await login('alice', password)).toBe(true);
  });
});
