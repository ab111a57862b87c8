Payments.configure do |config|
  config.api_key = 'dfWMMpJL7UTD7mK2OK1JVOV0T1rc'
  config.endpoint = 'https://pay.internal'
end
