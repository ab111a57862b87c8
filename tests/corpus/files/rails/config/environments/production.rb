Rails.application.configure do
  config.cache_classes = true
  config.consider_all_requests_local = true
  config.force_ssl = true
end
