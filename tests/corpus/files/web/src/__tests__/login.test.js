import { login } from '../login';

test('logs in', async () => {
  const password = 'J8vyFkhaJxbfTRe9';
  await expect(login('alice', password)).resolves.toBeTruthy();
});
