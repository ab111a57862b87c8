export const config = {
  apiUrl: 'https://api.internal',
  apiKey: 'C5RVXfCmBU1Du7cW14mvZhxg2toR',
  retries: 3,
};
