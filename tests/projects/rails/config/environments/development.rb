require "active_support/core_ext/integer/time"

Rails.application.configure do
  config.enable_reloading = true
  config.eager_load = false
  # Not a finding: development shows full error reports.
  config.consider_all_requests_local = true
  config.server_timing = true
end
